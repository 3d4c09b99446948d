package io.jenkins.plugins.modelarts;

import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.nio.file.FileSystems;
import java.util.Map;

/** Form helpers shared by the step's and the builder's descriptors (same fields, same checks). */
final class StepForms {

    private StepForms() {
    }

    static ListBoxModel backendItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.StepForms_Backend_Default(), "");
        items.add(Messages.StepForms_Backend_Kubernetes(), JobSetup.KUBERNETES);
        items.add(Messages.StepForms_Backend_Local(), JobSetup.LOCAL);
        return items;
    }

    /**
     * The configured cluster names. Not secret, but read from the global configuration on a user's request, so the
     * endpoint is POST and lists them only to users who may configure the item; others keep their current value.
     */
    static ListBoxModel clusterItems(Item item, String current) {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.StepForms_Cluster_Default(), "");
        if (!Permissions.canConfigure(item)) {
            if (Util.fixEmpty(current) != null) {
                items.add(current, current);
            }
            return items;
        }
        for (KubernetesCluster c : ModelArtsGlobalConfiguration.get().getClusters()) {
            if (c.getName() != null) {
                items.add(c.getName(), c.getName());
            }
        }
        return items;
    }

    static FormValidation checkName(String value) {
        return FieldChecks.check("name", Map.of("name", Util.fixNull(value).trim()), value);
    }

    static FormValidation checkDescription(String value) {
        return FieldChecks.check("description", Map.of("description", Util.fixNull(value)), value);
    }

    static FormValidation checkAutoRestart(String value) {
        return FieldChecks.check("autoRestart", Map.of("autoRestart", Util.fixNull(value).trim()), value);
    }

    static FormValidation checkPriority(String value) {
        return FieldChecks.check("priority", Map.of("priority", Util.fixNull(value).trim()), value);
    }

    static FormValidation checkAutoStop(String value) {
        return FieldChecks.check("autoStop", Map.of("autoStop", Util.fixNull(value).trim()), value);
    }

    static FormValidation checkPersistentLogPath(String value) {
        return FieldChecks.check("persistentLogPath", Map.of("persistentLogPath", Util.fixNull(value).trim()), value);
    }

    static FormValidation checkFile(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        if (v.startsWith("/") || v.startsWith("\\") || v.matches("^[A-Za-z]:.*")) {
            return FormValidation.error(Messages.StepForms_File_NotRelative());
        }
        if (!(v.endsWith(".yaml") || v.endsWith(".yml") || v.endsWith(".json"))) {
            return FormValidation.warning(Messages.StepForms_File_Extension());
        }
        return FormValidation.ok();
    }

    static FormValidation checkArchive(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + v);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(Messages.StepForms_Archive_Invalid(e.getMessage()));
        }
    }
}

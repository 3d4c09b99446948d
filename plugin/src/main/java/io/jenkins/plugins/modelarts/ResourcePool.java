package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * A resource pool of the catalog: a namespace (optionally a Kueue LocalQueue) with priority classes, node
 * placement, flavors, preset engines and parallel file systems. The same fields as the CLI's pool file.
 */
public class ResourcePool implements Describable<ResourcePool> {

    private final String name;
    private String type;
    private String namespace;
    private String queue;
    private List<PriorityClassMapping> priorityClasses;
    private List<NodeLabel> nodeSelector;
    private List<PoolToleration> tolerations;
    private List<PoolFlavor> flavors;
    private List<PoolEngine> engines;
    private List<StorageClaim> storages;
    /** Null in configurations saved before the field existed: true, as the catalog's default. */
    private Boolean allowRoot;
    private String podTemplate;
    /** Folder patterns whose jobs may use it, one per line; null: every job. */
    private String allowedFolders;
    private String cluster;

    @DataBoundConstructor
    public ResourcePool(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return name;
    }

    public String getType() {
        return type;
    }

    @DataBoundSetter
    public void setType(String type) {
        this.type = Util.fixEmptyAndTrim(type);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    public String getQueue() {
        return queue;
    }

    @DataBoundSetter
    public void setQueue(String queue) {
        this.queue = Util.fixEmptyAndTrim(queue);
    }

    public List<PriorityClassMapping> getPriorityClasses() {
        return Trees.orEmpty(priorityClasses);
    }

    @DataBoundSetter
    public void setPriorityClasses(List<PriorityClassMapping> priorityClasses) {
        this.priorityClasses = priorityClasses;
    }

    public List<NodeLabel> getNodeSelector() {
        return Trees.orEmpty(nodeSelector);
    }

    @DataBoundSetter
    public void setNodeSelector(List<NodeLabel> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<PoolToleration> getTolerations() {
        return Trees.orEmpty(tolerations);
    }

    @DataBoundSetter
    public void setTolerations(List<PoolToleration> tolerations) {
        this.tolerations = tolerations;
    }

    public List<PoolFlavor> getFlavors() {
        return Trees.orEmpty(flavors);
    }

    @DataBoundSetter
    public void setFlavors(List<PoolFlavor> flavors) {
        this.flavors = flavors;
    }

    public List<PoolEngine> getEngines() {
        return Trees.orEmpty(engines);
    }

    @DataBoundSetter
    public void setEngines(List<PoolEngine> engines) {
        this.engines = engines;
    }

    public List<StorageClaim> getStorages() {
        return Trees.orEmpty(storages);
    }

    @DataBoundSetter
    public void setStorages(List<StorageClaim> storages) {
        this.storages = storages;
    }

    public boolean isAllowRoot() {
        return allowRoot == null || allowRoot;
    }

    @DataBoundSetter
    public void setAllowRoot(boolean allowRoot) {
        this.allowRoot = allowRoot;
    }

    public String getPodTemplate() {
        return podTemplate;
    }

    /** YAML: metadata (labels, annotations) and spec (any PodSpec field), merged onto every pod of the pool. */
    @DataBoundSetter
    public void setPodTemplate(String podTemplate) {
        this.podTemplate = Util.fixEmptyAndTrim(podTemplate);
    }

    public String getAllowedFolders() {
        return allowedFolders;
    }

    /** Folder patterns, one per line, whose jobs may use this pool; empty: every job ({@link FolderRestrictions}). */
    @DataBoundSetter
    public void setAllowedFolders(String allowedFolders) {
        this.allowedFolders = FolderRestrictions.normalize(allowedFolders);
    }

    FolderRestrictions folderRestrictions() {
        return FolderRestrictions.parse(allowedFolders);
    }

    /** The configured cluster this pool lives in; null: the default (first) one. */
    public String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "type", type);
        Trees.put(m, "namespace", namespace);
        Trees.put(m, "queue", queue);
        Trees.put(m, "priorityClasses", PriorityClassMapping.toMap(priorityClasses));
        Trees.put(m, "nodeSelector", NodeLabel.toMap(nodeSelector));
        if (tolerations != null && !tolerations.isEmpty()) {
            Trees.putList(m, "tolerations", tolerations, PoolToleration::toTree);
        }
        Trees.putList(m, "flavors", flavors, PoolFlavor::toTree);
        Trees.putList(m, "engines", engines, PoolEngine::toTree);
        Trees.putList(m, "storages", storages, StorageClaim::toTree);
        if (!isAllowRoot()) {
            m.put("allowRoot", false);
        }
        PodTemplateText.put(m, podTemplate);
        Trees.put(m, "cluster", cluster);
        return m;
    }

    private static FormValidation check(String field, String value) {
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("name", "check");
        pool.put("type", "dedicated");
        pool.put(field, Util.fixNull(value).trim());
        return FieldChecks.checkCatalog("pools[0]." + field, Map.of("pools", List.of(pool)), value);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ResourcePool> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ResourcePool_DisplayName();
        }

        public ListBoxModel doFillTypeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.ResourcePool_Type_Dedicated(), "dedicated");
            items.add(Messages.ResourcePool_Type_Public(), "public");
            return items;
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error(Messages.ResourcePool_Name_Required())
                    : FormValidation.ok();
        }

        public FormValidation doCheckNamespace(@QueryParameter String value) {
            return check("namespace", value);
        }

        public FormValidation doCheckQueue(@QueryParameter String value) {
            return check("queue", value);
        }

        public FormValidation doCheckAllowedFolders(@QueryParameter String value) {
            return FolderRestrictions.formCheck(value);
        }

        /** A warning only: the clusters on the same page may not be saved yet. */
        public FormValidation doCheckCluster(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null || ModelArtsGlobalConfiguration.get().getClusters().stream().anyMatch(c -> v.equals(c.getName()))) {
                return FormValidation.ok();
            }
            return FormValidation.warning(Messages.ResourcePool_Cluster_Unknown(v));
        }

        public FormValidation doCheckPodTemplate(@QueryParameter String value) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("name", "check");
            pool.put("type", "dedicated");
            PodTemplateText.put(pool, value);
            return PodTemplateText.check("pools[0].podTemplate", Map.of("pools", List.of(pool)), value);
        }
    }
}

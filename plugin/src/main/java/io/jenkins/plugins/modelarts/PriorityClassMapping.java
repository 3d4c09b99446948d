package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;

/** Which Kubernetes PriorityClass (or Kueue WorkloadPriorityClass) a job priority level uses in a pool. */
public class PriorityClassMapping implements Describable<PriorityClassMapping> {

    private final int level;
    private final String className;

    @DataBoundConstructor
    public PriorityClassMapping(int level, String className) {
        this.level = level;
        this.className = Util.fixEmptyAndTrim(className);
    }

    public int getLevel() {
        return level;
    }

    public String getClassName() {
        return className;
    }

    /** The catalog's mapping form ({@code {1: low, 2: normal}}); null when the list is empty. */
    static Map<String, Object> toMap(List<PriorityClassMapping> mappings) {
        if (mappings == null || mappings.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (PriorityClassMapping p : mappings) {
            if (p != null) {
                m.put(String.valueOf(p.level), p.className == null ? "" : p.className);
            }
        }
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<PriorityClassMapping> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PriorityClassMapping_DisplayName();
        }

        public ListBoxModel doFillLevelItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("1", "1");
            items.add("2", "2");
            items.add("3", "3");
            return items;
        }
    }
}

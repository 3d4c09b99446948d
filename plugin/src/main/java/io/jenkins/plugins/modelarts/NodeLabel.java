package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;

/** One {@code key: value} of a node selector (a map in the pool catalog, a list here for forms and JCasC). */
public class NodeLabel implements Describable<NodeLabel> {

    private final String key;
    private final String value;

    @DataBoundConstructor
    public NodeLabel(String key, String value) {
        this.key = Util.fixEmptyAndTrim(key);
        this.value = value == null ? "" : value.trim();
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }

    /** The catalog's mapping form; null when the list is empty. */
    static Map<String, Object> toMap(List<NodeLabel> labels) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (NodeLabel l : labels) {
            if (l != null && l.key != null) {
                m.put(l.key, l.value);
            }
        }
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<NodeLabel> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.NodeLabel_DisplayName();
        }
    }
}

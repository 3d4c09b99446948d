package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** A Kubernetes toleration for the node taints of a pool or flavor. */
public class PoolToleration implements Describable<PoolToleration> {

    private String key;
    private String operator;
    private String value;
    private String effect;

    @DataBoundConstructor
    public PoolToleration() {
    }

    public String getKey() {
        return key;
    }

    @DataBoundSetter
    public void setKey(String key) {
        this.key = Util.fixEmptyAndTrim(key);
    }

    public String getOperator() {
        return operator;
    }

    @DataBoundSetter
    public void setOperator(String operator) {
        this.operator = Util.fixEmptyAndTrim(operator);
    }

    public String getValue() {
        return value;
    }

    @DataBoundSetter
    public void setValue(String value) {
        this.value = Util.fixEmptyAndTrim(value);
    }

    public String getEffect() {
        return effect;
    }

    @DataBoundSetter
    public void setEffect(String effect) {
        this.effect = Util.fixEmptyAndTrim(effect);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "key", key);
        Trees.put(m, "operator", operator);
        Trees.put(m, "value", value);
        Trees.put(m, "effect", effect);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<PoolToleration> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PoolToleration_DisplayName();
        }

        public ListBoxModel doFillOperatorItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("Equal", "Equal");
            items.add("Exists", "Exists");
            return items;
        }

        public ListBoxModel doFillEffectItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.PoolToleration_Effect_Any(), "");
            items.add("NoSchedule", "NoSchedule");
            items.add("PreferNoSchedule", "PreferNoSchedule");
            items.add("NoExecute", "NoExecute");
            return items;
        }
    }
}

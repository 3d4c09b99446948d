package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/**
 * One hyperparameter, passed to the training code as {@code --name=value}. In Pipeline either {@code [[name: 'x', value: '1']]} or, friendlier, {@code [x: '1']}
 * (rewritten by the step's {@code CustomDescribableModel}).
 */
public class Hyperparameter implements Describable<Hyperparameter> {

    private final String name;
    private final String value;

    @DataBoundConstructor
    public Hyperparameter(String name, String value) {
        this.name = name == null ? null : name.trim();
        this.value = value == null ? "" : value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<Hyperparameter> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.Hyperparameter_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            String name = Util.fixNull(value).trim();
            if (name.isEmpty()) {
                return FormValidation.ok();
            }
            return FieldChecks.check("hyperparameters", Map.of("hyperparameters", Map.of(name, "1")), value);
        }
    }
}

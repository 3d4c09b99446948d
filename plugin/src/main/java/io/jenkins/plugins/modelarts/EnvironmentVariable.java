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
 * One environment variable of the training container. In Pipeline either {@code [[name: 'x', value: '1']]} or, friendlier, {@code [x: '1']}
 * (rewritten by the step's {@code CustomDescribableModel}).
 */
public class EnvironmentVariable implements Describable<EnvironmentVariable> {

    private final String name;
    private final String value;

    @DataBoundConstructor
    public EnvironmentVariable(String name, String value) {
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
    public static final class DescriptorImpl extends Descriptor<EnvironmentVariable> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EnvironmentVariable_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            String name = Util.fixNull(value).trim();
            if (name.isEmpty()) {
                return FormValidation.ok();
            }
            return FieldChecks.check("environment", Map.of("environment", Map.of(name, "1")), value);
        }
    }
}

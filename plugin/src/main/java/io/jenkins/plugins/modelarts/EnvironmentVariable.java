package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * One environment variable of the training container. In Pipeline either {@code [[name: 'x', value: '1']]} or, friendlier, {@code [x: '1']}
 * (rewritten by the step's {@code CustomDescribableModel}).
 */
public class EnvironmentVariable extends NameValue<EnvironmentVariable> {

    @DataBoundConstructor
    public EnvironmentVariable(String name, String value) {
        super(name, value);
    }

    @Extension
    public static final class DescriptorImpl extends NameValueDescriptor<EnvironmentVariable> {
        public DescriptorImpl() {
            super("environment");
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EnvironmentVariable_DisplayName();
        }
    }
}

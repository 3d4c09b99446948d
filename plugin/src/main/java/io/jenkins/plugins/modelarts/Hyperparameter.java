package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * One hyperparameter, passed to the training code as {@code --name=value}. In Pipeline either {@code [[name: 'x', value: '1']]} or, friendlier, {@code [x: '1']}
 * (rewritten by the step's {@code CustomDescribableModel}).
 */
public class Hyperparameter extends NameValue<Hyperparameter> {

    @DataBoundConstructor
    public Hyperparameter(String name, String value) {
        super(name, value);
    }

    @Extension
    public static final class DescriptorImpl extends NameValueDescriptor<Hyperparameter> {
        public DescriptorImpl() {
            super("hyperparameters");
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.Hyperparameter_DisplayName();
        }
    }
}

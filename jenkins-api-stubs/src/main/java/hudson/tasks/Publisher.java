package hudson.tasks;

import hudson.model.Describable;
import hudson.model.Descriptor;
import jenkins.model.Jenkins;

/**
 * Stand-in for {@code hudson.tasks.Publisher}: a post-build action.
 */
public abstract class Publisher extends BuildStepCompatibilityLayer implements Describable<Publisher> {
    protected Publisher() {}

    public boolean needsToRunAfterFinalized() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<Publisher> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }
}

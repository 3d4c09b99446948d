package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Describable;
import hudson.model.Descriptor;

/**
 * Stand-in for {@code hudson.tasks.BuildStepDescriptor}: descriptor of a {@link Builder} or {@link Publisher}.
 */
public abstract class BuildStepDescriptor<T extends BuildStep & Describable<T>> extends Descriptor<T> {
    protected BuildStepDescriptor(Class<? extends T> clazz) {
        super(clazz);
    }

    protected BuildStepDescriptor() {}

    /** Whether this step can be added to a project of type {@code jobType}. */
    public abstract boolean isApplicable(Class<? extends AbstractProject> jobType);
}

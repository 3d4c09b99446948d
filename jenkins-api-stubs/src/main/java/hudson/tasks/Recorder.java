package hudson.tasks;

import hudson.ExtensionPoint;

/**
 * Stand-in for {@code hudson.tasks.Recorder}: a {@link Publisher} that records results (e.g. archives files).
 */
public abstract class Recorder extends Publisher implements ExtensionPoint {
    protected Recorder() {}

    @Override
    public BuildStepDescriptor getDescriptor() {
        return (BuildStepDescriptor) super.getDescriptor();
    }
}

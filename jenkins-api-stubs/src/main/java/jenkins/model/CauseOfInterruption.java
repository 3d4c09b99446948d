package jenkins.model;

import hudson.model.TaskListener;
import java.io.Serializable;

/**
 * Stand-in for {@code jenkins.model.CauseOfInterruption}: why a build was interrupted.
 */
public abstract class CauseOfInterruption implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract String getShortDescription();

    public void print(TaskListener listener) {
        listener.getLogger().println(getShortDescription());
    }
}

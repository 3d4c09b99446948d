package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/**
 * Stand-in for {@code jenkins.model.RunAction2}: an action of a run that is told its run when it is attached and
 * when the run is loaded again from disk (its run field is transient).
 */
public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}

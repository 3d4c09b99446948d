package jenkins;

import jenkins.agents.ControllerToAgentFileCallable;

/**
 * Stand-in for {@code jenkins.MasterToSlaveFileCallable}: the usual base class of {@code FilePath.act} work.
 */
public abstract class MasterToSlaveFileCallable<T> implements ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;
}

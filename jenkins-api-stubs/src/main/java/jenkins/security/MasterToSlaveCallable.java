package jenkins.security;

import jenkins.agents.ControllerToAgentCallable;

/**
 * Stand-in for {@code jenkins.security.MasterToSlaveCallable}.
 */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements ControllerToAgentCallable<V, T> {
    private static final long serialVersionUID = 1L;
}

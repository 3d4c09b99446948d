package jenkins.agents;

import hudson.remoting.Callable;
import jenkins.security.Roles;
import org.jenkinsci.remoting.RoleChecker;

/**
 * Stand-in for {@code jenkins.agents.ControllerToAgentCallable}: a callable sent from the controller to an agent.
 */
public interface ControllerToAgentCallable<V, T extends Throwable> extends Callable<V, T> {
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
        checker.check(this, Roles.SLAVE);
    }
}

package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.AbstractItem;
import hudson.model.Describable;
import hudson.model.Job;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;

/**
 * Stand-in for {@code hudson.security.AuthorizationStrategy}: supplies the ACLs. Tests install one with
 * {@code Jenkins.get().setAuthorizationStrategy(...)}; {@link #UNSECURED} (the default) allows everything.
 * Items ask {@link #getACL(AbstractItem)} / {@link #getACL(Job)}, which return the root ACL unless overridden.
 */
public abstract class AuthorizationStrategy implements Describable<AuthorizationStrategy>, ExtensionPoint {
    public abstract @NonNull ACL getRootACL();

    public @NonNull ACL getACL(@NonNull Job<?, ?> project) {
        return getRootACL();
    }

    public @NonNull ACL getACL(@NonNull AbstractItem item) {
        return getRootACL();
    }

    public abstract @NonNull Collection<String> getGroups();

    /** Everyone may do everything (the strategy of a fresh stand-in Jenkins). */
    public static final AuthorizationStrategy UNSECURED = new Unsecured();

    public static final class Unsecured extends AuthorizationStrategy implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final ACL UNSECURED_ACL = ACL.lambda2((a, p) -> true);

        @Override
        public @NonNull ACL getRootACL() {
            return UNSECURED_ACL;
        }

        @Override
        public @NonNull Collection<String> getGroups() {
            return Collections.emptySet();
        }

        private Object readResolve() {
            return UNSECURED;
        }
    }
}

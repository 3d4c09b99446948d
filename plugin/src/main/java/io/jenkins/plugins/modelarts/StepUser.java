package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.User;
import hudson.security.ACL;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Who a resumed step runs as: the user who started it (its id is persisted with the step), as Jenkins gives that
 * user now, so that permissions such as the highest priority are checked for that user after a restart too.
 */
final class StepUser {

    private static final Logger LOGGER = Logger.getLogger(StepUser.class.getName());

    private StepUser() {
    }

    /** The authentication of {@code userId} now; SYSTEM and anonymous as themselves; a user who is gone: anonymous. */
    static Authentication impersonate(@CheckForNull String userId) {
        if (userId == null || ACL.SYSTEM2.getName().equals(userId)) {
            return userId == null ? Jenkins.ANONYMOUS2 : ACL.SYSTEM2;
        }
        if (Jenkins.ANONYMOUS2.getName().equals(userId)) {
            return Jenkins.ANONYMOUS2;
        }
        User u = User.getById(userId, false);
        if (u == null) {
            LOGGER.log(Level.WARNING, "the user {0} who started a ModelArts training step no longer exists; resuming as anonymous", userId);
            return Jenkins.ANONYMOUS2;
        }
        try {
            return u.impersonate2();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "cannot impersonate " + userId + "; resuming as anonymous", e);
            return Jenkins.ANONYMOUS2;
        }
    }
}

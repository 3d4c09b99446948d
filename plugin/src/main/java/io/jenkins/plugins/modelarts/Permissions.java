package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/** Permission checks of the form endpoints and of builds. */
final class Permissions {

    private Permissions() {
    }

    /** Whether the current user may configure {@code item} ({@code Item/Configure}), or Jenkins when it is null (Administer). */
    static boolean canConfigure(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /** Throws when the current user may not configure {@code item} (or Jenkins when null). */
    static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /** Whether a build running as {@code authentication} may submit priority 3 jobs. */
    static boolean mayUseHighestPriority(@NonNull Run<?, ?> run, @CheckForNull Authentication authentication) {
        Authentication a = authentication == null ? Jenkins.getAuthentication2() : authentication;
        if (ACL.SYSTEM2.equals(a)) {
            return true;
        }
        return run.getParent().getACL().hasPermission2(a, ModelArtsPermissions.HIGHEST_JOB_PRIORITY)
                || Jenkins.get().getACL().hasPermission2(a, Jenkins.ADMINISTER);
    }
}

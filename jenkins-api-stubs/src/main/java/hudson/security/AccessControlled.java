package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Stand-in for {@code hudson.security.AccessControlled}: an object with an {@link ACL}.
 */
public interface AccessControlled {
    @NonNull
    ACL getACL();

    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        if (jenkins.model.Jenkins.getAuthentication2().equals(ACL.SYSTEM2)) {
            return;
        }
        getACL().checkPermission(permission);
    }

    default void checkAnyPermission(@NonNull Permission... permission) throws AccessDeniedException {
        getACL().checkAnyPermission(permission);
    }

    default boolean hasPermission(@NonNull Permission permission) {
        if (jenkins.model.Jenkins.getAuthentication2().equals(ACL.SYSTEM2)) {
            return true;
        }
        return getACL().hasPermission(permission);
    }

    default boolean hasAnyPermission(@NonNull Permission... permission) {
        return getACL().hasAnyPermission(permission);
    }

    default boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        if (a.equals(ACL.SYSTEM2)) {
            return true;
        }
        return getACL().hasPermission2(a, permission);
    }
}

package hudson.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Stand-in for {@code hudson.security.AccessDeniedException3}: thrown by {@code checkPermission}; says who lacked
 * which permission.
 */
public class AccessDeniedException3 extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    /** The authentication that lacked the permission. */
    public final Authentication authentication;

    /** The permission that was missing. */
    public final Permission permission;

    public AccessDeniedException3(Authentication authentication, Permission permission) {
        this(null, authentication, permission);
    }

    public AccessDeniedException3(Throwable t, Authentication authentication, Permission permission) {
        super(authentication.getName() + " is missing the " + permission.group.getId() + "/" + permission.name
                + " permission", t);
        this.authentication = authentication;
        this.permission = permission;
    }
}

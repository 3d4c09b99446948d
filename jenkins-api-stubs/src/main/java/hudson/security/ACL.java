package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.function.BiFunction;
import jenkins.model.Jenkins;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Stand-in for {@code hudson.security.ACL}: answers whether an authentication has a permission.
 *
 * <p>Behaviour as in Jenkins: {@link #SYSTEM2} has every permission; the current authentication is the one of
 * the thread's Spring security context (see {@link #as2(Authentication)}), anonymous when none is set.
 * Tests install an ACL with {@code Jenkins.get().setAuthorizationStrategy(...)} whose root ACL is
 * {@link #lambda2(BiFunction)}.
 */
public abstract class ACL {
    public final void checkPermission(@NonNull Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return;
        }
        if (!hasPermission2(a, p)) {
            throw new AccessDeniedException3(a, p);
        }
    }

    public final void checkAnyPermission(@NonNull Permission... permissions) {
        if (permissions.length == 0) {
            throw new IllegalArgumentException("At least one permission must be provided");
        }
        if (!hasAnyPermission(permissions)) {
            throw new AccessDeniedException3(Jenkins.getAuthentication2(), permissions[0]);
        }
    }

    public final boolean hasPermission(@NonNull Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return true;
        }
        return hasPermission2(a, p);
    }

    public final boolean hasAnyPermission(@NonNull Permission... permissions) {
        if (permissions.length == 0) {
            throw new IllegalArgumentException("At least one permission must be provided");
        }
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return true;
        }
        for (Permission p : permissions) {
            if (hasPermission2(a, p)) {
                return true;
            }
        }
        return false;
    }

    /** Override this; the stand-in has no Acegi variant to fall back on. */
    public boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        throw new AbstractMethodError(getClass().getName() + " must implement hasPermission2");
    }

    public static ACL lambda2(final BiFunction<Authentication, Permission, Boolean> impl) {
        return new ACL() {
            @Override
            public boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
                return impl.apply(a, permission);
            }
        };
    }

    public static final String ANONYMOUS_USERNAME = "anonymous";

    public static final String SYSTEM_USERNAME = "SYSTEM";

    /** The identity of Jenkins itself: every permission, always. */
    public static final Authentication SYSTEM2 = new UsernamePasswordAuthenticationToken(SYSTEM_USERNAME, "SYSTEM");

    public static @NonNull SecurityContext impersonate2(@NonNull Authentication auth) {
        SecurityContext old = SecurityContextHolder.getContext();
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(auth);
        SecurityContextHolder.setContext(ctx);
        return old;
    }

    public static void impersonate2(@NonNull Authentication auth, @NonNull Runnable body) {
        SecurityContext old = impersonate2(auth);
        try {
            body.run();
        } finally {
            SecurityContextHolder.setContext(old);
        }
    }

    /** Runs the rest of a try-with-resources block as {@code auth}. */
    public static ACLContext as2(@NonNull Authentication auth) {
        return new ACLContext(impersonate2(auth));
    }

    public static boolean isAnonymous2(@NonNull Authentication authentication) {
        return authentication instanceof AnonymousAuthenticationToken;
    }
}

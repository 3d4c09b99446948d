package org.springframework.security.core.context;

/**
 * Stand-in for Spring Security's {@code SecurityContextHolder}, in its default thread-local mode: each thread has
 * its own context. {@code hudson.security.ACL#as2} and {@code jenkins.model.Jenkins#getAuthentication2()} use it.
 */
public class SecurityContextHolder {
    private static final ThreadLocal<SecurityContext> CONTEXT = new ThreadLocal<>();

    public static SecurityContext getContext() {
        SecurityContext ctx = CONTEXT.get();
        if (ctx == null) {
            ctx = createEmptyContext();
            CONTEXT.set(ctx);
        }
        return ctx;
    }

    public static void setContext(SecurityContext context) {
        if (context == null) {
            throw new IllegalArgumentException("Only non-null SecurityContext instances are permitted");
        }
        CONTEXT.set(context);
    }

    public static void clearContext() {
        CONTEXT.remove();
    }

    public static SecurityContext createEmptyContext() {
        return new SecurityContextImpl();
    }
}

package org.springframework.security.access;

/**
 * Stand-in for Spring Security's {@code AccessDeniedException}, thrown by {@code checkPermission}.
 */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String msg) {
        super(msg);
    }

    public AccessDeniedException(String msg, Throwable cause) {
        super(msg, cause);
    }
}

package org.springframework.security.core.authority;

import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;

/**
 * Stand-in for Spring Security's {@code SimpleGrantedAuthority}.
 */
public final class SimpleGrantedAuthority implements GrantedAuthority {
    private static final long serialVersionUID = 1L;

    private final String role;

    public SimpleGrantedAuthority(String role) {
        this.role = Objects.requireNonNull(role, "role");
    }

    @Override
    public String getAuthority() {
        return role;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SimpleGrantedAuthority && role.equals(((SimpleGrantedAuthority) obj).role);
    }

    @Override
    public int hashCode() {
        return role.hashCode();
    }

    @Override
    public String toString() {
        return role;
    }
}

package org.springframework.security.core.context;

import java.util.Objects;
import org.springframework.security.core.Authentication;

/**
 * Stand-in for Spring Security's {@code SecurityContextImpl}.
 */
public class SecurityContextImpl implements SecurityContext {
    private static final long serialVersionUID = 1L;

    private Authentication authentication;

    public SecurityContextImpl() {}

    public SecurityContextImpl(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public Authentication getAuthentication() {
        return authentication;
    }

    @Override
    public void setAuthentication(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SecurityContextImpl
                && Objects.equals(authentication, ((SecurityContextImpl) obj).authentication);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(authentication);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[Authentication=" + authentication + "]";
    }
}

package org.springframework.security.authentication;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;

/**
 * Stand-in for Spring Security's {@code AnonymousAuthenticationToken} ({@code Jenkins.ANONYMOUS2} is one).
 */
public class AnonymousAuthenticationToken extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    private final Object principal;
    private final int keyHash;

    public AnonymousAuthenticationToken(
            String key, Object principal, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        if (key == null || key.isEmpty() || principal == null || "".equals(principal)) {
            throw new IllegalArgumentException("key and principal cannot be null or empty");
        }
        this.keyHash = key.hashCode();
        this.principal = principal;
        setAuthenticated(true);
    }

    public int getKeyHash() {
        return keyHash;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public boolean equals(Object obj) {
        return super.equals(obj)
                && obj instanceof AnonymousAuthenticationToken
                && keyHash == ((AnonymousAuthenticationToken) obj).keyHash;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + keyHash;
    }
}

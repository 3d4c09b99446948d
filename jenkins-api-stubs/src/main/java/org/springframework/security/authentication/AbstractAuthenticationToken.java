package org.springframework.security.authentication;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Stand-in for Spring Security's {@code AbstractAuthenticationToken}.
 */
public abstract class AbstractAuthenticationToken implements Authentication {
    private static final long serialVersionUID = 1L;

    private final List<GrantedAuthority> authorities;
    private Object details;
    private boolean authenticated;

    public AbstractAuthenticationToken(Collection<? extends GrantedAuthority> authorities) {
        this.authorities = authorities == null ? List.of() : List.copyOf(authorities);
    }

    @Override
    public Collection<GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public String getName() {
        Object principal = getPrincipal();
        if (principal instanceof Principal) {
            return ((Principal) principal).getName();
        }
        return principal == null ? "" : principal.toString();
    }

    @Override
    public boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    @Override
    public Object getDetails() {
        return details;
    }

    public void setDetails(Object details) {
        this.details = details;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof AbstractAuthenticationToken)) {
            return false;
        }
        AbstractAuthenticationToken that = (AbstractAuthenticationToken) obj;
        return authorities.equals(that.authorities)
                && Objects.equals(getPrincipal(), that.getPrincipal())
                && Objects.equals(getCredentials(), that.getCredentials())
                && Objects.equals(details, that.details)
                && authenticated == that.authenticated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(authorities, getPrincipal(), getCredentials(), details, authenticated);
    }

    @Override
    public String toString() {
        // never prints the credentials
        return getClass().getSimpleName() + " [Principal=" + getPrincipal() + ", Authenticated=" + authenticated
                + ", Granted Authorities=" + authorities + "]";
    }
}

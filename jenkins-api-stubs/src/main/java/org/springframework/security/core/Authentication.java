package org.springframework.security.core;

import java.io.Serializable;
import java.security.Principal;
import java.util.Collection;

/**
 * Stand-in for Spring Security's {@code Authentication} (Jenkins 2.266+ uses Spring Security for its
 * {@code *2} authentication APIs).
 */
public interface Authentication extends Principal, Serializable {
    Collection<? extends GrantedAuthority> getAuthorities();

    Object getCredentials();

    Object getDetails();

    Object getPrincipal();

    boolean isAuthenticated();

    void setAuthenticated(boolean isAuthenticated) throws IllegalArgumentException;
}

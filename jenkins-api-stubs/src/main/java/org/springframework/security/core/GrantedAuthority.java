package org.springframework.security.core;

import java.io.Serializable;

/**
 * Stand-in for Spring Security's {@code GrantedAuthority}.
 */
public interface GrantedAuthority extends Serializable {
    String getAuthority();
}

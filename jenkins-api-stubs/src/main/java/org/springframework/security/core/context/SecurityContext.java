package org.springframework.security.core.context;

import java.io.Serializable;
import org.springframework.security.core.Authentication;

/**
 * Stand-in for Spring Security's {@code SecurityContext}.
 */
public interface SecurityContext extends Serializable {
    Authentication getAuthentication();

    void setAuthentication(Authentication authentication);
}

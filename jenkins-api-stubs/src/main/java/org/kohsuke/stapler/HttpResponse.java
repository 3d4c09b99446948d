package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

/**
 * Stand-in for Stapler's {@code HttpResponse}: an object that can render itself as the HTTP response
 * (only the Jakarta signature of Stapler for Jenkins 2.475+).
 */
public interface HttpResponse {
    default void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        throw new AbstractMethodError(getClass().getName() + " does not implement generateResponse");
    }
}

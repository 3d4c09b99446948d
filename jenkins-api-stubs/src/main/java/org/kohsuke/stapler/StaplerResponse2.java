package org.kohsuke.stapler;

import edu.umd.cs.findbugs.annotations.NonNull;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Stand-in for Stapler's {@code StaplerResponse2} (the Jakarta response type of Jenkins 2.475+), reduced.
 */
public interface StaplerResponse2 extends HttpServletResponse {
    void forward(Object it, String url, StaplerRequest2 request) throws ServletException, IOException;

    void forwardToPreviousPage(StaplerRequest2 request) throws ServletException, IOException;

    void sendRedirect2(@NonNull String url) throws IOException;

    void sendRedirect(int statusCode, @NonNull String url) throws IOException;
}

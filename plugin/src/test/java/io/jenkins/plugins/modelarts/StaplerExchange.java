package io.jenkins.plugins.modelarts;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * One request to a Stapler web method, without a web server: a request that answers its context path, and a
 * response that records the status, the headers and the body the method sent.
 */
final class StaplerExchange {

    final Map<String, String> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = 200;
    final StaplerRequest2 request;
    final StaplerResponse2 response;

    StaplerExchange(String contextPath) {
        request = (StaplerRequest2) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StaplerRequest2.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> contextPath;
                    case "toString" -> "request " + contextPath;
                    default -> throw new UnsupportedOperationException("not used by the method under test: " + method.getName());
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                body.write(b, off, len);
            }
        };
        response = (StaplerResponse2) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StaplerResponse2.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setContentLength" -> headers.put("Content-Length", String.valueOf(args[0]));
                        case "sendError" -> status = (Integer) args[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "toString" -> {
                            return "response";
                        }
                        default -> throw new UnsupportedOperationException("not used by the method under test: " + method.getName());
                    }
                    return null;
                });
    }

    String text() {
        return body.toString(StandardCharsets.UTF_8);
    }
}

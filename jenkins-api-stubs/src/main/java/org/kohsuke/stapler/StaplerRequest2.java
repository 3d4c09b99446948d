package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Type;
import java.util.List;
import net.sf.json.JSONObject;

/**
 * Stand-in for Stapler's {@code StaplerRequest2} (the Jakarta request type of Jenkins 2.475+), reduced to the
 * methods that descriptors use. Tests that need one can build it with {@link java.lang.reflect.Proxy}.
 */
public interface StaplerRequest2 extends HttpServletRequest {
    String getRootPath();

    String getReferer();

    <T> T findAncestorObject(Class<T> type);

    boolean hasParameter(String name);

    void bindParameters(Object bean);

    <T> T bindJSON(Class<T> type, JSONObject src);

    <T> T bindJSON(Type genericType, Class<T> erasure, Object json);

    void bindJSON(Object bean, JSONObject src);

    <T> List<T> bindJSONToList(Class<T> type, Object src);

    JSONObject getSubmittedForm() throws ServletException;
}

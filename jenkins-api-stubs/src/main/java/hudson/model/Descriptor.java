package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.BulkChange;
import hudson.security.Permission;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import jenkins.model.Jenkins;
import jenkins.model.Loadable;
import jenkins.util.io.OnMaster;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Stand-in for {@code hudson.model.Descriptor}: the singleton that describes a {@link Describable} class
 * (display name, form binding, validation and fill methods, global configuration).
 *
 * <p>Stand-in behaviour: {@link #save()} and {@link #load()} keep nothing on disk (they only honour
 * {@link BulkChange}); {@link #getHelpFile(String)} finds {@code help-<field>.html} resources beside the class
 * as Jenkins does, so tests can check that every field has its help.
 */
public abstract class Descriptor<T extends Describable<T>> implements Loadable, Saveable, OnMaster {
    /** The {@link Describable} class this descriptor describes. */
    public final transient Class<? extends T> clazz;

    @SuppressWarnings("unchecked")
    protected Descriptor(Class<? extends T> clazz) {
        if (clazz == self()) {
            clazz = (Class<? extends T>) getClass();
        }
        this.clazz = clazz;
    }

    /** Infers the described class from the outer class, as for a nested {@code DescriptorImpl}. */
    @SuppressWarnings("unchecked")
    protected Descriptor() {
        Class<?> outer = getClass().getEnclosingClass();
        if (outer == null || !Describable.class.isAssignableFrom(outer)) {
            throw new AssertionError(getClass()
                    + " doesn't have an outer Describable class. Use the constructor that takes the Class object explicitly.");
        }
        this.clazz = (Class<? extends T>) outer;
    }

    /** The name shown in drop-downs and headings; by default the simple name of {@link #clazz}. */
    public @NonNull String getDisplayName() {
        return clazz.getSimpleName();
    }

    public String getId() {
        return clazz.getName();
    }

    @SuppressWarnings("unchecked")
    public Class<T> getT() {
        for (Class<?> c = getClass(); c != null; c = c.getSuperclass()) {
            Type t = c.getGenericSuperclass();
            if (t instanceof ParameterizedType) {
                ParameterizedType pt = (ParameterizedType) t;
                if (pt.getRawType() == Descriptor.class) {
                    Type arg = pt.getActualTypeArguments()[0];
                    if (arg instanceof Class) {
                        return (Class<T>) arg;
                    }
                    if (arg instanceof ParameterizedType) {
                        return (Class<T>) ((ParameterizedType) arg).getRawType();
                    }
                }
            }
        }
        throw new AssertionError("Cannot determine the type parameter of " + getClass());
    }

    public String getDescriptorUrl() {
        return "descriptorByName/" + getId();
    }

    public final String getDescriptorFullUrl() {
        return "/" + getDescriptorUrl();
    }

    public final String getJsonSafeClassName() {
        return getId().replace('.', '-');
    }

    /**
     * Creates an instance from form data, through {@code req.bindJSON(clazz, formData)} as Jenkins does.
     * The stand-in needs a request to bind with.
     */
    public T newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
        if (req == null) {
            throw new UnsupportedOperationException("the stand-in Descriptor.newInstance needs a StaplerRequest2 to bind with");
        }
        return req.bindJSON(clazz, formData);
    }

    public static <T> T bindJSON(StaplerRequest2 req, Class<T> type, JSONObject src) {
        return req.bindJSON(type, src);
    }

    public String getHelpFile() {
        return getHelpFile((String) null);
    }

    /**
     * The URL of the help of {@code fieldName} ({@code help-<field>.html} beside the class or one of its
     * superclasses, or {@code help.html} for {@code null}), or {@code null} when there is none.
     */
    public String getHelpFile(final String fieldName) {
        String suffix = fieldName == null ? "" : "-" + fieldName;
        for (Class<?> c = clazz; c != null && c != Object.class; c = c.getSuperclass()) {
            String base = c.getName().replace('.', '/').replace('$', '/') + "/help" + suffix;
            ClassLoader cl = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
            URL html = cl.getResource(base + ".html");
            URL jelly = cl.getResource(base + ".jelly");
            if (html != null || jelly != null) {
                return getDescriptorUrl() + "/help" + (fieldName == null ? "" : "/" + fieldName);
            }
        }
        return null;
    }

    public final boolean isInstance(T instance) {
        return clazz.isInstance(instance);
    }

    public final boolean isSubTypeOf(Class type) {
        return type.isAssignableFrom(clazz);
    }

    /**
     * Called when the global configuration form is submitted. The stand-in default does nothing and returns
     * {@code true}, like Jenkins' default.
     */
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        return true;
    }

    public String getConfigPage() {
        return getViewPage(clazz, "config.jelly");
    }

    public String getGlobalConfigPage() {
        return getViewPage(clazz, "global.jelly");
    }

    protected final String getViewPage(Class<?> clazz, String pageName) {
        return clazz.getName().replace('.', '/').replace('$', '/') + "/" + pageName;
    }

    /** Permission needed to see this descriptor's global configuration: {@code Jenkins.ADMINISTER} by default. */
    public @NonNull Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    /** The stand-in persists nothing; inside a {@link BulkChange} the save is deferred as in Jenkins. */
    @Override
    public synchronized void save() {
        if (BulkChange.contains(this)) {
            return;
        }
        // nothing is written by the stand-in
    }

    /** The stand-in has nothing to load. */
    @Override
    public synchronized void load() {}

    /** Pass to {@link #Descriptor(Class)} to describe the descriptor class itself (as {@code GlobalConfiguration} does). */
    protected static Class self() {
        return Self.class;
    }

    /** Marker for {@link #self()}. */
    public static final class Self {}

    public static @CheckForNull <T extends Descriptor> T findById(java.util.Collection<? extends T> list, String id) {
        for (T d : list) {
            if (d.getId().equals(id)) {
                return d;
            }
        }
        return null;
    }

    /**
     * Stand-in for {@code Descriptor.FormException}: a form submission problem tied to a field.
     */
    public static final class FormException extends Exception implements HttpResponse {
        private static final long serialVersionUID = 1L;

        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
            this.formField = formField;
        }

        public FormException(Throwable cause, String formField) {
            super(cause);
            this.formField = formField;
        }

        /** Which form field contained the error. */
        public String getFormField() {
            return formField;
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                throws IOException, ServletException {
            rsp.sendError(400, getMessage());
        }
    }
}

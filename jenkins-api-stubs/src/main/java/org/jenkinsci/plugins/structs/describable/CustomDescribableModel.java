package org.jenkinsci.plugins.structs.describable;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * Stand-in for structs' {@code CustomDescribableModel}: implemented by a {@link Descriptor} to rewrite the
 * arguments Pipeline binds (e.g. a friendly {@code [lr: '0.1']} map into a list of name/value objects) before
 * the data-bound constructor is called, and back for the snippet generator. Honoured by Pipeline, not by JCasC.
 */
public interface CustomDescribableModel {
    default @NonNull Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
        return arguments;
    }

    default @NonNull UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable ud) {
        return ud;
    }

    /** The registered descriptor of {@code type} when it implements this interface, else {@code null}. */
    static @CheckForNull CustomDescribableModel of(Class<?> type) {
        if (!Describable.class.isAssignableFrom(type)) {
            return null;
        }
        Object d = Jenkins.get().getDescriptor(type.asSubclass(Describable.class));
        return d instanceof CustomDescribableModel ? (CustomDescribableModel) d : null;
    }
}

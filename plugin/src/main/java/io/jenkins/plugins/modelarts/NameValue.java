package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.Map;
import org.kohsuke.stapler.QueryParameter;

/**
 * A name and a text value: the shape shared by hyperparameters and environment variables. Each keeps its
 * own class (Pipeline and the form bind by class) and its own descriptor; the name check runs the core
 * validator on the field the subclass names.
 */
public abstract class NameValue<T extends NameValue<T>> implements Describable<T> {

    private final String name;
    private final String value;

    protected NameValue(String name, String value) {
        this.name = name == null ? null : name.trim();
        this.value = value == null ? "" : value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    /** The descriptor of a {@link NameValue}: {@code field} is the job-file key its entries belong to. */
    public abstract static class NameValueDescriptor<T extends NameValue<T>> extends Descriptor<T> {

        private final String field;

        protected NameValueDescriptor(String field) {
            this.field = field;
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            String name = Util.fixNull(value).trim();
            if (name.isEmpty()) {
                return FormValidation.ok();
            }
            return FieldChecks.check(field, Map.of(field, Map.of(name, "1")), value);
        }

        @NonNull
        @Override
        public abstract String getDisplayName();
    }
}

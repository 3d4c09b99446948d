package hudson.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * Stand-in for {@code hudson.model.ParameterValue}: the value of one build parameter, by name.
 */
public abstract class ParameterValue implements Serializable {
    private static final long serialVersionUID = 1L;

    protected final String name;

    private String description;

    protected ParameterValue(String name, String description) {
        this.name = name;
        this.description = description;
    }

    protected ParameterValue(String name) {
        this(name, null);
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public final String getName() {
        return name;
    }

    public boolean isSensitive() {
        return false;
    }

    public Object getValue() {
        return null;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        return Objects.equals(name, ((ParameterValue) obj).name);
    }
}

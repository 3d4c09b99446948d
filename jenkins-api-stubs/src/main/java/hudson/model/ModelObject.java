package hudson.model;

/**
 * Stand-in for {@code hudson.model.ModelObject}: an object with a human readable name.
 */
public interface ModelObject {
    String getDisplayName();
}

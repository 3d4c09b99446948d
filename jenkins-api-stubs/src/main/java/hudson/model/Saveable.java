package hudson.model;

import java.io.IOException;

/**
 * Stand-in for {@code hudson.model.Saveable}: an object that persists its state when asked.
 */
public interface Saveable {
    void save() throws IOException;

    /** A {@link Saveable} that does nothing. */
    Saveable NOOP = () -> {};
}

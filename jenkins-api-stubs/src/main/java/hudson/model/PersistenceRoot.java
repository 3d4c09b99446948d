package hudson.model;

import java.io.File;

/**
 * Stand-in for {@code hudson.model.PersistenceRoot}: a {@link Saveable} with its own directory.
 */
public interface PersistenceRoot extends Saveable {
    File getRootDir();
}

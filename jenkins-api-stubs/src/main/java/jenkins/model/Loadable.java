package jenkins.model;

import java.io.IOException;

/**
 * Stand-in for {@code jenkins.model.Loadable}: an object whose state can be (re)loaded from disk.
 */
public interface Loadable {
    void load() throws IOException;
}

package hudson.model;

/**
 * Stand-in for {@code hudson.model.BuildListener}: the {@link TaskListener} of a build.
 */
public interface BuildListener extends TaskListener {
    default void finished(Result result) {
        getLogger().println("Finished: " + result);
    }
}

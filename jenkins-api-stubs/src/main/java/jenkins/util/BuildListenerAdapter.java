package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.BuildListener;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Stand-in for {@code jenkins.util.BuildListenerAdapter}: presents a {@link TaskListener} as a
 * {@link BuildListener} (for {@code ArtifactManager.archive}).
 */
public final class BuildListenerAdapter implements BuildListener {
    private static final long serialVersionUID = 1L;

    private final TaskListener delegate;

    public BuildListenerAdapter(TaskListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public @NonNull PrintStream getLogger() {
        return delegate.getLogger();
    }

    @Override
    public void hyperlink(String url, String text) throws IOException {
        delegate.hyperlink(url, text);
    }

    @Override
    public @NonNull PrintWriter error(String msg) {
        return delegate.error(msg);
    }

    @Override
    public @NonNull PrintWriter error(String format, Object... args) {
        return delegate.error(format, args);
    }

    @Override
    public @NonNull PrintWriter fatalError(String msg) {
        return delegate.fatalError(msg);
    }

    @Override
    public @NonNull PrintWriter fatalError(String format, Object... args) {
        return delegate.fatalError(format, args);
    }

    /** {@code l} itself if it already is a {@link BuildListener}, else an adapter. */
    public static BuildListener wrap(TaskListener l) {
        if (l instanceof BuildListener) {
            return (BuildListener) l;
        }
        return new BuildListenerAdapter(l);
    }
}

package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;

/**
 * Stand-in for {@code hudson.Launcher}, reduced to what the plugin passes around: it starts no processes.
 */
public abstract class Launcher {
    protected final @NonNull TaskListener listener;

    protected final @CheckForNull VirtualChannel channel;

    protected Launcher(@NonNull TaskListener listener, @CheckForNull VirtualChannel channel) {
        this.listener = listener;
        this.channel = channel;
    }

    protected Launcher(@NonNull Launcher launcher) {
        this(launcher.listener, launcher.channel);
    }

    public @CheckForNull VirtualChannel getChannel() {
        return channel;
    }

    public @NonNull TaskListener getListener() {
        return listener;
    }

    public boolean isUnix() {
        return File.pathSeparatorChar == ':';
    }

    /** A launcher for this JVM's machine. */
    public static class LocalLauncher extends Launcher {
        public LocalLauncher(@NonNull TaskListener listener) {
            this(listener, FilePath.localChannel);
        }

        public LocalLauncher(@NonNull TaskListener listener, @NonNull VirtualChannel channel) {
            super(listener, channel);
        }
    }
}

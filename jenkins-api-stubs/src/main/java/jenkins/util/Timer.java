package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Stand-in for {@code jenkins.util.Timer}: Jenkins' shared scheduler for short tasks (up to 10 daemon threads whose
 * context class loader is core's). Never block in a task run on it. {@code Jenkins.cleanUp()} shuts it down.
 */
public class Timer {
    static ScheduledExecutorService executorService;

    private Timer() {}

    public static synchronized @NonNull ScheduledExecutorService get() {
        if (executorService == null) {
            executorService = new ScheduledThreadPoolExecutor(10,
                    new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "jenkins.util.Timer"));
        }
        return executorService;
    }

    /** Shuts the scheduler down; the next {@link #get()} makes a new one. */
    public static synchronized void shutdown() {
        if (executorService != null) {
            executorService.shutdownNow();
            executorService = null;
        }
    }
}

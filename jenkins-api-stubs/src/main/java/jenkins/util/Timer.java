package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in for {@code jenkins.util.Timer}: Jenkins' shared scheduler for short tasks (10 daemon threads).
 * Never block in a task run on it.
 */
public class Timer {
    static ScheduledExecutorService executorService;

    private Timer() {}

    public static synchronized @NonNull ScheduledExecutorService get() {
        if (executorService == null || executorService.isShutdown()) {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "jenkins.util.Timer [#" + n.incrementAndGet() + "]");
                t.setDaemon(true);
                return t;
            };
            executorService = new ScheduledThreadPoolExecutor(10, tf);
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

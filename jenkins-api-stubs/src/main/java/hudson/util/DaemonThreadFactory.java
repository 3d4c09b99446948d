package hudson.util;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** Stand-in for {@code hudson.util.DaemonThreadFactory}: makes the threads of its delegate daemon threads. */
public class DaemonThreadFactory implements ThreadFactory {
    private final ThreadFactory core;

    public DaemonThreadFactory() {
        this(Executors.defaultThreadFactory());
    }

    public DaemonThreadFactory(ThreadFactory core) {
        this.core = core;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = core.newThread(r);
        t.setDaemon(true);
        return t;
    }
}

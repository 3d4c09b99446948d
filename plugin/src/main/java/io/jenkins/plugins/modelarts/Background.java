package io.jenkins.plugins.modelarts;

import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's own threads, all daemon and named, all bounded. Waiting for a training job holds none of them:
 * the engine completes a future and the step continues on {@link #work()}.
 *
 * <ul>
 *   <li>{@link #work()}: short background tasks of the step (load and check the job, resolve credentials, submit,
 *       archive); at most {@value #WORK_THREADS} at a time, more are queued.</li>
 *   <li>{@link #timer()}: timers (stop fallback, persisting the job handle); one thread, tasks never block.</li>
 *   <li>{@link #local()}: jobs of the {@code local} backend, which run a process and block one thread each for
 *       their whole life; at most {@value #LOCAL_THREADS} at a time, so they never starve {@link #work()}.</li>
 * </ul>
 */
final class Background {

    static final int WORK_THREADS = 4;
    static final int LOCAL_THREADS = 8;

    private static final ThreadPoolExecutor WORK = bounded("ModelArtsTrain worker", WORK_THREADS);
    private static final ThreadPoolExecutor LOCAL = bounded("ModelArtsTrain local job", LOCAL_THREADS);
    private static final ScheduledThreadPoolExecutor TIMER = timerPool();

    private Background() {
    }

    static ThreadPoolExecutor work() {
        return WORK;
    }

    static ThreadPoolExecutor local() {
        return LOCAL;
    }

    static ScheduledExecutorService timer() {
        return TIMER;
    }

    private static ThreadPoolExecutor bounded(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ScheduledThreadPoolExecutor timerPool() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("ModelArtsTrain timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(60, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    private static ThreadFactory named(String name) {
        ThreadFactory base = Executors.defaultThreadFactory();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(name + " [#" + n.incrementAndGet() + "]");
            t.setDaemon(true);
            return t;
        };
    }
}

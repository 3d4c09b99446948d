package io.jenkins.plugins.modelarts;

import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

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

    private static ThreadPoolExecutor work;
    private static ThreadPoolExecutor local;
    private static ScheduledThreadPoolExecutor timer;

    private Background() {
    }

    static synchronized ThreadPoolExecutor work() {
        if (work == null) {
            work = bounded("ModelArtsTrain worker", WORK_THREADS);
        }
        return work;
    }

    static synchronized ThreadPoolExecutor local() {
        if (local == null) {
            local = bounded("ModelArtsTrain local job", LOCAL_THREADS);
        }
        return local;
    }

    static synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = timerPool();
        }
        return timer;
    }

    /**
     * The pools end (their queued work is done first), as {@code DurableTaskStep} ends its pool at shutdown. A
     * Jenkins started again in this JVM (a restart, a test) gets new ones, made on first use.
     */
    static synchronized void shutDown() {
        for (java.util.concurrent.ExecutorService pool : new java.util.concurrent.ExecutorService[] {work, local, timer}) {
            if (pool != null) {
                pool.shutdown();
            }
        }
        work = null;
        local = null;
        timer = null;
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

    /**
     * Daemon threads named after their pool, whose context class loader is reset (Jenkins' own
     * {@code ClassLoaderSanityThreadFactory}): a pool thread is created by whichever thread first submits, often a
     * build's CPS VM thread, and would otherwise inherit and keep that build's script class loader for its life.
     */
    private static ThreadFactory named(String name) {
        return new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), name);
    }

    /**
     * Runs {@code body} on {@code executor} as {@code as} (anonymous when null), as
     * {@code SynchronousNonBlockingStepExecution} runs its work as the step's user; the future cancels it.
     */
    static Future<?> runAs(Executor executor, Authentication as, Runnable body) {
        Runnable work = () -> {
            try (ACLContext c = ACL.as2(as == null ? Jenkins.ANONYMOUS2 : as)) {
                body.run();
            }
        };
        if (executor instanceof ExecutorService es) {
            return es.submit(work);
        }
        FutureTask<Void> f = new FutureTask<>(work, null);
        executor.execute(f);
        return f;
    }
}

package io.modelarts.train.backend.kubernetes;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Bench-only bridge: the threads of the Vert.x instance that {@link KubernetesClients} shares between the engine's
 * clients, found by running a task on each of its event loops (their names are those of any other Vert.x instance in
 * the JVM, such as the mock API server's). A loop that had no thread yet gets one: an upper bound.
 */
public final class BenchClientThreads {

    private BenchClientThreads() {
    }

    public static Set<Thread> eventLoops() throws InterruptedException {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<EventExecutor> loops = new ArrayList<>();
        ((VertxInternal) KubernetesClients.vertx()).nettyEventLoopGroup().forEach(loops::add);
        CountDownLatch done = new CountDownLatch(loops.size());
        for (EventExecutor e : loops) {
            e.execute(() -> {
                threads.add(Thread.currentThread());
                done.countDown();
            });
        }
        done.await(10, TimeUnit.SECONDS);
        return threads;
    }
}

package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.RecordingSink;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One mock cluster (mock API server, test kubelet, log server) per test class, one namespace per test:
 * starting the mock and its clients costs seconds on a loaded machine, and namespaces keep the tests
 * apart (the kubelet's behaviour and errors are per namespace, the backend and its informers per test).
 */
abstract class KubeBackendTestSupport {

    /** Short intervals so that time-based decisions happen within a test; correctness never depends on them. */
    static final KubernetesBackendOptions FAST = KubernetesBackendOptions.DEFAULTS
            .withReconcileInterval(Duration.ofSeconds(2))
            .withPendingReasonInterval(Duration.ofMillis(200))
            .withAbnormalAfter(Duration.ofSeconds(1))
            .withLostPodTimeout(Duration.ofSeconds(3));

    static final long TIMEOUT_SECONDS = 60;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static KubeTestCluster cluster;
    static KubernetesClient client;

    String ns;
    PoolCatalog catalog;
    KubernetesBackend backend;
    RecordingSink sink;

    /** Exceptions that escaped a thread of the engine ({@code modelarts-*}) while a test ran: each fails that test. */
    private static final List<String> UNCAUGHT_IN_ENGINE = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCluster() {
        // printed with their stack, whichever thread (the awaits below no longer fail on them: see eventually())
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("Uncaught in thread " + t.getName() + ":");
            e.printStackTrace();
            if (t.getName().startsWith("modelarts-")) {
                UNCAUGHT_IN_ENGINE.add(t.getName() + ": " + e);
            }
        });
        cluster = KubeTestCluster.start();
        client = cluster.newClient();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void setUpNamespace() {
        ns = "t" + COUNTER.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase().replaceAll("[^a-z0-9]", "");
        if (ns.length() > 40) {
            ns = ns.substring(0, 40);
        }
        catalog = KubeFixtures.catalogIn(ns);
        backend = new KubernetesBackend(client, catalog, options());
        sink = new RecordingSink();
    }

    KubernetesBackendOptions options() {
        return FAST;
    }

    @AfterEach
    void tearDownNamespace() {
        backend.close();
        assertThat(cluster.kubelet().errors(ns)).as("errors in the test kubelet").isEmpty();
        List<String> uncaught = List.copyOf(UNCAUGHT_IN_ENGINE);
        UNCAUGHT_IN_ENGINE.clear();
        assertThat(uncaught).as("exceptions no one caught in the engine's threads").isEmpty();
    }

    JobPlan plan(String yaml) {
        return KubeFixtures.plan(yaml, catalog);
    }

    void behaviour(WorkerBehaviour b) {
        cluster.kubelet().behaviour(ns, b);
    }

    JobResult result(RunningJob job) {
        return result(job, sink);
    }

    JobResult result(RunningJob job, RecordingSink s) {
        try {
            return job.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("job did not complete: " + e + "\n" + s.dump() + "\nkubelet errors: " + cluster.kubelet().errors(ns)
                    + "\n" + threadDump(), e);
        }
    }

    /**
     * Awaitility with a timeout generous enough for a loaded 2-core machine (the default 10 s is not). It does not
     * catch uncaught exceptions: by default an await fails with an exception that any thread of the JVM did not catch
     * meanwhile (an HTTP client's, say), and a wait inside a pod's behaviour then ended the behaviour with it.
     */
    static org.awaitility.core.ConditionFactory eventually() {
        return org.awaitility.Awaitility.await().dontCatchUncaughtExceptions().atMost(java.time.Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    /** The stacks of the backend's, the HTTP client's and the kubelet's threads, for a test that timed out. */
    static String threadDump() {
        StringBuilder b = new StringBuilder("threads:\n");
        Thread.getAllStackTraces().forEach((t, stack) -> {
            String n = t.getName();
            if (n.startsWith("modelarts-kube") || n.startsWith("OkHttp") || n.startsWith("HttpClient-") || n.startsWith("vert.x")
                    || n.startsWith("test-")) {
                b.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 12); i++) {
                    b.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return b.toString();
    }

    List<Job> jobs() {
        return cluster.apiClient().batch().v1().jobs().inNamespace(ns).list().getItems();
    }

    List<Pod> pods() {
        return cluster.apiClient().pods().inNamespace(ns).list().getItems();
    }

    /** {@code prefix1 .. prefixN}. */
    static List<String> numbered(String prefix, int from, int count) {
        return java.util.stream.IntStream.range(from, from + count).mapToObj(i -> prefix + i).toList();
    }
}

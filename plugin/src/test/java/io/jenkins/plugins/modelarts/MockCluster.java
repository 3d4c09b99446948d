package io.jenkins.plugins.modelarts;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.backend.kubernetes.KubernetesBackendOptions;
import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mock Kubernetes cluster (fabric8 mock API server in CRUD mode, the core's test kubelet and log server) for
 * all plugin tests in this JVM, one namespace per test; the plugin's client cache is pointed at it.
 */
final class MockCluster {

    /** Short intervals so that time-based decisions happen within a test; correctness never depends on them. */
    static final KubernetesBackendOptions FAST = KubernetesBackendOptions.DEFAULTS
            .withReconcileInterval(Duration.ofSeconds(2))
            .withPendingReasonInterval(Duration.ofMillis(200))
            .withAbnormalAfter(Duration.ofSeconds(1))
            .withLostPodTimeout(Duration.ofSeconds(3));

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static KubeTestCluster cluster;

    private MockCluster() {
    }

    static synchronized KubeTestCluster get() {
        if (cluster == null) {
            cluster = KubeTestCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.close()));
        }
        ClientCache.clientFactory = (c, auth) -> cluster.newClient();
        ClientCache.backendOptions = FAST;
        return cluster;
    }

    static String namespace(String prefix) {
        return (prefix + "-" + COUNTER.incrementAndGet()).toLowerCase().replaceAll("[^a-z0-9-]", "");
    }

    static void behaviour(String ns, WorkerBehaviour b) {
        get().kubelet().behaviour(ns, b);
    }

    static List<Job> jobs(String ns) {
        return get().apiClient().batch().v1().jobs().inNamespace(ns).list().getItems();
    }

    static List<Pod> pods(String ns) {
        return get().apiClient().pods().inNamespace(ns).list().getItems();
    }
}

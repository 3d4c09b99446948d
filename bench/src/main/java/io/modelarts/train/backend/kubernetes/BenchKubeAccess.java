package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

/** Bench-only bridge to the Kubernetes test fixtures (test-jar, same package): a catalog and a job as users write them. */
public final class BenchKubeAccess {

    private BenchKubeAccess() {
    }

    public static PoolCatalog catalogIn(String namespace) {
        return KubeFixtures.catalogIn(namespace);
    }

    /** Loads and validates the single-node test job under another name, then plans it against {@code catalog}. */
    public static JobPlan plan(String jobName, PoolCatalog catalog) {
        // each job its own output path: two active jobs may not share one
        return KubeFixtures.plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: " + jobName)
                .replace("obs://bucket/output/", "obs://bucket/output-" + jobName.replace('_', '-') + "/"), catalog);
    }

    /**
     * Milliseconds of one submission's output-path check against {@code active} Jobs, median of {@code repeats}: [0] looked
     * up through the index that a namespace's synced informer cache keeps of them (built here from the same keys, outside
     * the timing), as a submission does; [1] the scan of every Job, as one does while the cache is not synced.
     */
    public static double[] outputCheckMillis(JobPlan plan, java.util.List<Job> active, int repeats) {
        java.util.Map<String, java.util.List<Job>> index = new java.util.HashMap<>();
        for (Job j : active) {
            for (String key : OutputPaths.indexKeys(j)) {
                index.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(j);
            }
        }
        java.util.function.Function<String, java.util.List<Job>> lookup = key -> index.getOrDefault(key, java.util.List.of());
        double[][] ms = new double[2][repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            String indexed = OutputPaths.conflict(plan, "bench-other", lookup);
            long t1 = System.nanoTime();
            String scanned = OutputPaths.conflict(plan, "bench-other", active);
            long t2 = System.nanoTime();
            if (indexed != null || scanned != null) {
                throw new IllegalStateException("the bench's jobs share an output path");
            }
            ms[0][i] = (t1 - t0) / 1e6;
            ms[1][i] = (t2 - t1) / 1e6;
        }
        java.util.Arrays.sort(ms[0]);
        java.util.Arrays.sort(ms[1]);
        return new double[]{ms[0][repeats / 2], ms[1][repeats / 2]};
    }

    /**
     * Where rendering's time goes, warm, over {@code plans} (medians, ms): the whole {@code render} as submit() calls it,
     * the spec hash of its objects alone (their JSON, digested), the digest earlier versions stamped (a second rendering
     * and its YAML, computed now only when a stored hash differs), and the Job's JSON (what a create sends).
     */
    public static double[] renderBreakdown(KubernetesBackend backend, java.util.List<JobPlan> plans) {
        int n = plans.size();
        double[][] ms = new double[4][n];
        io.fabric8.kubernetes.client.utils.KubernetesSerialization json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        String secret = backend.renderer().catalog().storage().credentialsSecret();
        for (int i = 0; i < n; i++) {
            JobPlan plan = plans.get(i);
            long t0 = System.nanoTime();
            java.util.List<io.fabric8.kubernetes.api.model.HasMetadata> objects = backend.renderer().render(plan, 1, backend.namespaceFor(plan));
            long t1 = System.nanoTime();
            SpecHashes.of(objects);
            long t2 = System.nanoTime();
            backend.renderer().legacySpecHash(plan, secret);
            long t3 = System.nanoTime();
            json.asJson(objects.get(0));
            long t4 = System.nanoTime();
            ms[0][i] = (t1 - t0) / 1e6;
            ms[1][i] = (t2 - t1) / 1e6;
            ms[2][i] = (t3 - t2) / 1e6;
            ms[3][i] = (t4 - t3) / 1e6;
        }
        double[] med = new double[4];
        for (int k = 0; k < 4; k++) {
            java.util.Arrays.sort(ms[k]);
            med[k] = ms[k][n / 2];
        }
        return med;
    }

    /** Tasks waiting for the backend's I/O threads (creates, reconciling GETs and lists), and those threads' number. */
    public static String ioQueue(KubernetesBackend backend) {
        return backend.pool.getQueue().size() + " tasks waiting for its " + backend.pool.getMaximumPoolSize() + " I/O threads";
    }

    /** The batch/v1 Job the backend would create for {@code plan} (first object the renderer returns). */
    public static Job render(KubernetesBackend backend, JobPlan plan) {
        return (Job) backend.renderer().render(plan, 1, backend.namespaceFor(plan)).get(0);
    }
}

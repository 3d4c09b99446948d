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

    /** The batch/v1 Job the backend would create for {@code plan} (first object the renderer returns). */
    public static Job render(KubernetesBackend backend, JobPlan plan) {
        return (Job) backend.renderer().render(plan, 1, backend.namespaceFor(plan)).get(0);
    }
}

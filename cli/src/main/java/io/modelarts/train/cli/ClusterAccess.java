package io.modelarts.train.cli;

import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.kubernetes.KubernetesJobQueries.StopOutcome;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the cluster-backed commands ({@code run --backend kubernetes}, {@code render}, {@code status},
 * {@code logs}, {@code stop}, {@code priority}) need from a Kubernetes backend: {@link KubernetesClusterAccess}.
 * Tests of the other commands pass one that refuses every call, so that they can never touch a cluster.
 *
 * <p>Connections come from {@code KUBECONFIG} / {@code ~/.kube/config} (or in-cluster); {@code namespace}
 * {@code null} means the kubeconfig context's namespace.
 */
public interface ClusterAccess {

    /** A connected backend for {@code run}. */
    Backend backend(PoolCatalog catalog);

    /** The Kubernetes objects the job would create, one YAML document each. */
    List<String> render(JobPlan plan, PoolCatalog catalog);

    /** A description of the job (status, workers, reason), or empty when there is no such job. */
    Optional<String> status(PoolCatalog catalog, String namespace, String name);

    /**
     * Streams the job's logs to {@code sink} (following them while it runs when {@code follow}); the future
     * completes with the job's result once the logs end. Empty when there is no such job.
     */
    Optional<CompletableFuture<JobResult>> logs(PoolCatalog catalog, String namespace, String name, boolean follow, JobEventSink sink);

    /** Stops (deletes) the job: whether it did, within the stop timeout, or found no such job. */
    StopOutcome stop(PoolCatalog catalog, String namespace, String name, String reason);

    /**
     * Changes a Pending job's priority; what was done, or empty when there is no such job. A refusal (not pending,
     * a pool that cannot) ends the command with its message.
     */
    Optional<String> changePriority(PoolCatalog catalog, String namespace, String name, int priority);
}

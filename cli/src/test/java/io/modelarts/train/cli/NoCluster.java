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
 * No Kubernetes cluster, for the tests of the commands that must not need one: every call ends the command with exit
 * code 1 and {@value #MESSAGE}, so a command that reached for a cluster fails its test.
 */
final class NoCluster implements ClusterAccess {

    static final String MESSAGE = "no Kubernetes cluster is available to this command";
    static final NoCluster INSTANCE = new NoCluster();

    private NoCluster() {
    }

    @Override
    public Backend backend(PoolCatalog catalog) {
        throw unavailable();
    }

    @Override
    public List<String> render(JobPlan plan, PoolCatalog catalog) {
        throw unavailable();
    }

    @Override
    public Optional<String> status(PoolCatalog catalog, String namespace, String name) {
        throw unavailable();
    }

    @Override
    public Optional<CompletableFuture<JobResult>> logs(PoolCatalog catalog, String namespace, String name, boolean follow, JobEventSink sink) {
        throw unavailable();
    }

    @Override
    public StopOutcome stop(PoolCatalog catalog, String namespace, String name, String reason) {
        throw unavailable();
    }

    @Override
    public Optional<String> changePriority(PoolCatalog catalog, String namespace, String name, int priority) {
        throw unavailable();
    }

    private static CliException unavailable() {
        return new CliException(ExitCodes.ERROR, MESSAGE);
    }
}

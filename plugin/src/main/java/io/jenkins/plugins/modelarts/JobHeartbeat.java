package io.jenkins.plugins.modelarts;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.pool.PoolCatalog;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every minute, stamps the heartbeat annotation on each unfinished Kubernetes Job of this controller whose build is
 * still running here: the sign of life that keeps {@link OrphanedJobCleanup} (this controller's, or that of a copy of
 * it with the same id and URL) away from Jobs that have an owner. Runs whether or not cleanup is on here, so that a
 * controller with cleanup on never mistakes a live Job for an orphan; one list request per pool namespace and one
 * patch per running Job, and nothing when no cluster is configured.
 */
@Extension
public final class JobHeartbeat extends AsyncPeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(JobHeartbeat.class.getName());

    public JobHeartbeat() {
        super("ModelArts Job heartbeat");
    }

    @Override
    public long getRecurrencePeriod() {
        return MIN;
    }

    @Override
    protected void execute(TaskListener listener) throws IOException, InterruptedException {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        if (config.getClusters().isEmpty()) {
            return;
        }
        PoolCatalog catalog = config.toCatalog();
        for (KubernetesCluster cluster : config.getClusters()) {
            try {
                beat(cluster, catalog);
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot refresh the heartbeat of Jobs in cluster " + cluster.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Refreshes the heartbeat of this controller's running Jobs in one cluster; returns how many were stamped. */
    int beat(KubernetesCluster cluster, PoolCatalog catalog) throws IOException {
        Map<String, String> mine = ControllerIdentity.labels();
        int stamped = 0;
        try (ClientCache.Lease lease = ClientCache.get().lease(cluster, OrphanedJobCleanup.auth(cluster), catalog)) {
            KubernetesBackend backend = lease.backend();
            Instant now = Instant.now();
            for (String ns : OrphanedJobCleanup.namespaces(catalog, backend, cluster)) {
                for (KubernetesBackend.ManagedJob j : backend.managedJobs(ns, mine)) {
                    String build = SubmissionKeys.buildOf(j.submissionKey());
                    if (build == null || j.finished()) {
                        continue;
                    }
                    Run<?, ?> run = SubmissionKeys.build(build);
                    if (run != null && run.isBuilding() && backend.heartbeat(ns, j.name(), now)) {
                        stamped++;
                    }
                }
            }
        }
        return stamped;
    }
}

package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes this controller's Kubernetes Jobs whose build is gone or over while the Job still runs: a build deleted
 * while the controller was down, a step that never resumed. Such a Job would hold its GPUs until it ends by itself
 * (auto stop, or the training's end). Only Jobs whose submission key carries this controller's id are looked at
 * ({@link SubmissionKeys}), never those of another controller or of the command line, and never one younger than
 * {@link #minAge} (its step may still be starting). Runs every 15 minutes over the namespaces of the configured pools.
 */
@Extension
public final class OrphanedJobCleanup extends AsyncPeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(OrphanedJobCleanup.class.getName());

    /** Jobs younger than this are left alone; tests shorten it. */
    static volatile Duration minAge = Duration.ofMinutes(10);

    public OrphanedJobCleanup() {
        super("ModelArts orphaned Job cleanup");
    }

    @Override
    public long getRecurrencePeriod() {
        return 15 * MIN;
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
                sweep(cluster, catalog, listener);
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot look for orphaned Jobs in cluster " + cluster.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Looks at one cluster's Jobs; returns how many were deleted. */
    int sweep(KubernetesCluster cluster, PoolCatalog catalog, TaskListener listener) throws IOException {
        ClusterAuth auth = ClusterAuth.NONE;
        if (cluster.getCredentialsId() != null) {
            StandardCredentials c = CredentialsSupport.forController(cluster.getCredentialsId(), StandardCredentials.class);
            auth = c == null ? null : KubernetesCluster.auth(c);
            if (auth == null) {
                throw new IOException("the credentials " + cluster.getCredentialsId() + " are missing or of the wrong type");
            }
        }
        int deleted = 0;
        try (ClientCache.Lease lease = ClientCache.get().lease(cluster, auth, catalog)) {
            KubernetesBackend backend = lease.backend();
            Set<String> namespaces = new LinkedHashSet<>();
            for (Pool p : catalog.pools()) {
                if (p.namespace() != null) {
                    namespaces.add(p.namespace());
                }
            }
            namespaces.add(backend.defaultNamespace());
            Instant youngest = Instant.now().minus(minAge);
            for (String ns : namespaces) {
                for (KubernetesBackend.ManagedJob j : backend.managedJobs(ns)) {
                    String build = SubmissionKeys.buildOf(j.submissionKey());
                    if (build == null || j.finished() || j.created() == null || j.created().isAfter(youngest)) {
                        continue;
                    }
                    Run<?, ?> run = SubmissionKeys.build(build);
                    if (run != null && run.isBuilding()) {
                        continue;
                    }
                    String why = run == null ? "its build " + build + " no longer exists" : "its build " + build + " is over";
                    LOGGER.log(Level.INFO, "Deleting the orphaned Kubernetes Job {0}/{1} of cluster {2}: {3}",
                            new Object[] {ns, j.name(), cluster.getName(), why});
                    listener.getLogger().println("Deleting the orphaned Kubernetes Job " + ns + "/" + j.name() + ": " + why);
                    if (backend.deleteManagedJob(ns, j.name())) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }
}

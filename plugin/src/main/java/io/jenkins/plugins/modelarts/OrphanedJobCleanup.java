package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes this controller's Kubernetes Jobs that still run although their build is over or gone (a build deleted
 * while the controller was down, a step that never resumed): such a Job would hold its GPUs until it ends by itself.
 * Off unless an administrator turns it on ({@link ModelArtsGlobalConfiguration#isCleanupOrphanedJobs()}); with
 * {@link ModelArtsGlobalConfiguration#isCleanupDryRun() dry run} it only logs what it would delete.
 *
 * <p>It never deletes someone else's Job. It lists only Jobs labelled with this controller's id <em>and</em> the
 * digest of its root URL ({@link ControllerIdentity}; without a root URL it does nothing), whose submission key names
 * a build of this controller ({@link SubmissionKeys}), that are not finished, and whose heartbeat
 * ({@link JobHeartbeat}, or the creation when none came yet) is older than {@link #staleAfter}. A controller that
 * shares the id and the URL (a restored copy of this one) therefore still leaves alone every Job whose owner is alive.
 * Runs every 15 minutes over the namespaces of the configured pools.
 */
@Extension
public final class OrphanedJobCleanup extends AsyncPeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(OrphanedJobCleanup.class.getName());

    /** A Job whose owner gave no sign of life for this long may be an orphan; tests shorten it. */
    static volatile Duration staleAfter = Duration.ofMinutes(10);

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
        if (!config.isCleanupOrphanedJobs() || config.getClusters().isEmpty()) {
            return;
        }
        PoolCatalog catalog = config.toCatalog();
        for (KubernetesCluster cluster : config.getClusters()) {
            try {
                sweep(cluster, catalog, config.isCleanupDryRun(), listener);
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot look for orphaned Jobs in cluster " + cluster.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The labels of every Job this controller may clean up: its id and its URL digest; null without a root URL. */
    static @CheckForNull Map<String, String> selector() {
        String url = ControllerIdentity.urlDigest();
        if (url == null) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ControllerIdentity.CONTROLLER_LABEL, ModelArtsGlobalConfiguration.get().controllerId());
        labels.put(ControllerIdentity.URL_LABEL, url);
        return labels;
    }

    /**
     * Looks at one cluster's Jobs of this controller; returns how many were deleted (none in a dry run, where each
     * Job that would be deleted is logged instead).
     */
    int sweep(KubernetesCluster cluster, PoolCatalog catalog, boolean dryRun, TaskListener listener) throws IOException {
        Map<String, String> selector = selector();
        if (selector == null) {
            LOGGER.warning("ModelArts orphaned Job cleanup is on but Jenkins has no root URL (Manage Jenkins » System » "
                    + "Jenkins URL): without it this controller's Jobs cannot be told from those of a copy of it, so none is deleted");
            return 0;
        }
        int deleted = 0;
        try (ClientCache.Lease lease = ClientCache.get().lease(cluster, auth(cluster), catalog)) {
            KubernetesBackend backend = lease.backend();
            Instant stale = Instant.now().minus(staleAfter);
            for (String ns : namespaces(catalog, backend, cluster)) {
                for (KubernetesBackend.ManagedJob j : backend.managedJobs(ns, selector)) {
                    String build = SubmissionKeys.buildOf(j.submissionKey());
                    Instant lastSeen = j.lastSeen();
                    if (build == null || j.finished() || lastSeen == null || lastSeen.isAfter(stale)) {
                        continue;
                    }
                    Run<?, ?> run = SubmissionKeys.build(build);
                    if (run != null && run.isBuilding()) {
                        continue;
                    }
                    String why = (run == null ? "its build " + build + " no longer exists" : "its build " + build + " is over")
                            + " and it had no heartbeat since " + lastSeen;
                    if (dryRun) {
                        LOGGER.log(Level.INFO, "Dry run: would delete the orphaned Kubernetes Job {0}/{1} of cluster {2}: {3}",
                                new Object[] {ns, j.name(), cluster.getName(), why});
                        listener.getLogger().println("Dry run: would delete the orphaned Kubernetes Job " + ns + "/" + j.name() + ": " + why);
                        continue;
                    }
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

    /** How the controller authenticates to {@code cluster} (its credentials at Jenkins level). */
    static ClusterAuth auth(KubernetesCluster cluster) throws IOException {
        if (cluster.getCredentialsId() == null) {
            return ClusterAuth.NONE;
        }
        StandardCredentials c = CredentialsSupport.forController(cluster.getCredentialsId(), StandardCredentials.class);
        ClusterAuth auth = c == null ? null : KubernetesCluster.auth(c);
        if (auth == null) {
            throw new IOException("the credentials " + cluster.getCredentialsId() + " are missing or of the wrong type");
        }
        return auth;
    }

    /** The namespaces of the pools of {@code cluster} (those naming no cluster belong to the default one) and its default one. */
    static Set<String> namespaces(PoolCatalog catalog, KubernetesBackend backend, KubernetesCluster cluster) {
        Set<String> namespaces = new LinkedHashSet<>();
        List<KubernetesCluster> all = ModelArtsGlobalConfiguration.get().getClusters();
        boolean isDefault = all.isEmpty() || all.get(0).getName() == null || all.get(0).getName().equals(cluster.getName());
        for (Pool p : catalog.pools()) {
            boolean here = p.cluster() == null ? isDefault : p.cluster().equals(cluster.getName());
            if (p.namespace() != null && here) {
                namespaces.add(p.namespace());
            }
        }
        namespaces.add(backend.defaultNamespace());
        return namespaces;
    }
}

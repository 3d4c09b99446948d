package io.jenkins.plugins.modelarts;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.backend.kubernetes.KubernetesBackendOptions;
import io.modelarts.train.pool.PoolCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@link KubernetesClient} and one {@link KubernetesBackend} per cluster connection (its settings, the digest
 * of its credentials and the pool catalog), shared by every job on it, as kubernetes-plugin's client provider does.
 * A backend watches any number of jobs with one control thread and a small I/O pool, so a waiting job costs no
 * thread of its own.
 *
 * <p>Jobs hold a {@link Lease} while they run. When the global configuration changes, {@link #invalidate()} retires
 * every entry: new jobs get a fresh client, running ones keep theirs until they end, and a retired entry is closed
 * when its last lease is released. Unused entries are closed after {@link #IDLE_MILLIS}. {@link #closeAll()} closes
 * everything (Jenkins shutdown: the jobs keep running in the cluster and are re-attached after the restart).
 */
final class ClientCache {

    private static final Logger LOGGER = Logger.getLogger(ClientCache.class.getName());
    static final long IDLE_MILLIS = TimeUnit.MINUTES.toMillis(10);

    /** Makes the client of a cluster; tests replace it to talk to a mock API server. */
    interface ClientFactory {
        KubernetesClient create(KubernetesCluster cluster, ClusterAuth auth);
    }

    private static final ClientCache INSTANCE = new ClientCache();

    /** Test hook: how clients are made. */
    static volatile ClientFactory clientFactory = KubernetesClients::create;
    /** Test hook: backend timings. */
    static volatile KubernetesBackendOptions backendOptions = KubernetesBackendOptions.DEFAULTS;

    private final Map<String, Entry> entries = new HashMap<>();
    private ScheduledFuture<?> sweeper;

    static ClientCache get() {
        return INSTANCE;
    }

    /** A backend for {@code cluster}; release it with {@link Lease#close()} when the job no longer needs it. */
    synchronized Lease lease(KubernetesCluster cluster, ClusterAuth auth, PoolCatalog catalog) {
        Map<String, String> creator = ControllerIdentity.labels();
        String key = key(cluster, auth, catalog) + "/" + creator;
        Entry e = entries.get(key);
        if (e == null) {
            KubernetesClient client = clientFactory.create(cluster, auth);
            KubernetesBackend backend;
            try {
                backend = new KubernetesBackend(client, catalog, backendOptions);
                backend.setCreatorLabels(creator);
            } catch (RuntimeException ex) {
                client.close();
                throw ex;
            }
            e = new Entry(cluster.getName(), client, backend);
            entries.put(key, e);
            if (sweeper == null) {
                sweeper = Background.timer().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
            }
        }
        e.leases++;
        return new Lease(e);
    }

    /** Retires every entry (configuration changed); entries in use are closed when their last job releases them. */
    void invalidate() {
        List<Entry> toClose = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) {
                e.retired = true;
                if (e.leases == 0) {
                    toClose.add(e);
                }
            }
            entries.clear();
        }
        toClose.forEach(ClientCache::closeLater);
    }

    /**
     * Jenkins calls this while shutting down: the clients (and their informers and threads) go; the jobs
     * keep running in the cluster and resumed steps re-attach with new clients after the restart.
     */
    @hudson.init.Terminator
    public static void closeAllAtShutdown() {
        INSTANCE.closeAll();
    }

    /** Closes every client now, in use or not (Jenkins is shutting down; jobs keep running in the cluster). */
    void closeAll() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
            if (sweeper != null) {
                sweeper.cancel(false);
                sweeper = null;
            }
        }
        all.forEach(ClientCache::closeNow);
    }

    /** Entries cached now (tests, diagnostics). */
    synchronized int size() {
        return entries.size();
    }

    private synchronized void release(Entry e) {
        e.leases--;
        if (e.leases > 0) {
            return;
        }
        e.idleSince = System.nanoTime();
        if (e.retired) {
            closeLater(e);
        }
    }

    private void sweep() {
        List<Entry> idle = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> {
                boolean expired = e.leases == 0 && now - e.idleSince > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
                if (expired) {
                    idle.add(e);
                }
                return expired;
            });
        }
        idle.forEach(ClientCache::closeNow);
    }

    private static void closeLater(Entry e) {
        Background.work().execute(() -> closeNow(e));
    }

    private static void closeNow(Entry e) {
        try {
            e.backend.close();
        } catch (RuntimeException ex) {
            LOGGER.log(Level.FINE, "closing the backend of cluster " + e.cluster + " failed", ex);
        }
        try {
            e.client.close();
        } catch (RuntimeException ex) {
            LOGGER.log(Level.FINE, "closing the client of cluster " + e.cluster + " failed", ex);
        }
    }

    private static String key(KubernetesCluster c, ClusterAuth auth, PoolCatalog catalog) {
        String text = String.join("\n", String.valueOf(c.getName()), String.valueOf(c.getServerUrl()),
                String.valueOf(c.getNamespace()), String.valueOf(c.isSkipTlsVerify()), String.valueOf(c.getContext()),
                String.valueOf(c.getCredentialsId()), auth.fingerprint(), String.valueOf(catalog));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Entry {
        final String cluster;
        final KubernetesClient client;
        final KubernetesBackend backend;
        int leases;
        boolean retired;
        long idleSince = System.nanoTime();

        Entry(String cluster, KubernetesClient client, KubernetesBackend backend) {
            this.cluster = cluster;
            this.client = client;
            this.backend = backend;
        }
    }

    /** A job's use of a cached backend. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        KubernetesBackend backend() {
            return entry.backend;
        }

        @Override
        public void close() {
            synchronized (ClientCache.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release(entry);
        }
    }
}

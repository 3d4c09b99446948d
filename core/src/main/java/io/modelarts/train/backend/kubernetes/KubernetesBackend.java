package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs jobs as Kubernetes Jobs: renders them ({@link KubernetesRenderer}), creates them idempotently,
 * follows them through shared informers, streams every worker's log, restarts failed attempts, stops
 * them and re-attaches to them from a {@link KubernetesJobHandle}.
 *
 * <p><b>Threads.</b> Whatever the number of jobs, this backend uses one control thread (all job state
 * changes and timers run there, one at a time) and a pool of {@link KubernetesBackendOptions#logThreads()}
 * threads (4 by default) for blocking API calls and for processing log chunks. Waiting jobs and quiet log
 * streams hold none of these: the HTTP client pushes watch events and log bytes as they arrive. Per namespace
 * there is one Job informer and one Pod informer ({@code app.kubernetes.io/managed-by=modelarts-train}),
 * shared by every job there and stopped when the last job there ends. The HTTP client's own threads are the
 * client's: the JDK's client reads every connection on one selector thread; OkHttp (the Jenkins plugin's) reads
 * each open response on a thread of its own, so it holds a thread per open log stream.
 *
 * <p><b>Safety nets.</b> A closed or expired watch makes the informer list again and re-watch; it never
 * ends a job. Every {@link KubernetesBackendOptions#reconcileInterval()} each namespace with watched jobs is
 * also listed, its Jobs and its pods ({@link NamespaceSweep}): two requests per namespace, whatever the number of jobs.
 */
public final class KubernetesBackend implements Backend {

    public static final String NAME = "kubernetes";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesBackend.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How long a caller waits for the control thread to answer a question about the watched jobs. */
    private static final long CALL_TIMEOUT_SECONDS = 30;
    /**
     * Job creates in flight at once; more submissions wait their turn. 32 keep the API server busy (each create is a few
     * milliseconds of its work) without a burst of thousands of connections.
     */
    static final int CREATES_IN_FLIGHT = 32;
    /** How long closing waits for the control thread to detach the watched jobs. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    final KubernetesClient client;
    private final boolean ownsClient;
    final KubernetesRenderer renderer;
    final KubernetesBackendOptions options;
    final ScheduledExecutorService control;
    final ThreadPoolExecutor pool;
    /** Bounds the Job creates this backend has in flight at once (see {@link InFlightLimit}). */
    final InFlightLimit creates;
    /** Names of this backend's threads start with it: {@code modelarts-kube-<n>-control}, {@code modelarts-kube-<n>-io-<m>}. */
    final String threadPrefix;
    /** The control thread, once started (a new one replaces it should it die). */
    private volatile Thread controlThread;
    final ClusterJobs jobs;
    private final KubernetesJobQueries queries;

    /** Changed on the control thread only; read by submissions from any thread ({@link #startedInformers}). */
    private final Map<String, NamespaceInformers> informers = new ConcurrentHashMap<>();
    // control thread only
    private final Map<String, KubeJob> byName = new HashMap<>();
    private final Map<String, KubeJob> byUid = new HashMap<>();
    private final Set<KubeJob> watched = new LinkedHashSet<>();
    private final Map<String, NamespaceSweep> sweeps = new HashMap<>();
    private final ScheduledFuture<?> ticker;
    private final ScheduledFuture<?> reconciler;
    private volatile boolean closed;

    /** A backend on {@code client} (not closed by {@link #close()}), with default options. */
    public KubernetesBackend(KubernetesClient client, PoolCatalog catalog) {
        this(client, catalog, KubernetesBackendOptions.DEFAULTS);
    }

    public KubernetesBackend(KubernetesClient client, PoolCatalog catalog, KubernetesBackendOptions options) {
        this(client, false, catalog, options);
    }

    private KubernetesBackend(KubernetesClient client, boolean ownsClient, PoolCatalog catalog, KubernetesBackendOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.renderer = new KubernetesRenderer(catalog);
        this.options = options == null ? KubernetesBackendOptions.DEFAULTS : options;
        this.threadPrefix = "modelarts-kube-" + INSTANCES.incrementAndGet() + "-";
        ThreadFactory controlThreads = threads(threadPrefix + "control");
        this.control = Executors.newSingleThreadScheduledExecutor(r -> controlThread = controlThreads.newThread(r));
        this.pool = new ThreadPoolExecutor(this.options.logThreads(), this.options.logThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads(threadPrefix + "io"));
        this.pool.allowCoreThreadTimeOut(true);
        this.creates = new InFlightLimit(CREATES_IN_FLIGHT, pool);
        this.jobs = new ClusterJobs(client, this.options);
        this.queries = new KubernetesJobQueries(this);
        long tick = tickMillis(this.options);
        this.ticker = control.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        long reconcile = Math.max(50, this.options.reconcileInterval().toMillis());
        this.reconciler = control.scheduleWithFixedDelay(this::reconcileAll, reconcile, reconcile, TimeUnit.MILLISECONDS);
    }

    /**
     * A backend with its own client, from the kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config},
     * {@code context} or the current one) or, inside a pod, the in-cluster service account.
     * {@link #close()} closes the client.
     */
    public static KubernetesBackend connect(HttpClient.Factory http, PoolCatalog catalog, String context, KubernetesBackendOptions options) {
        String ctx = context != null ? context : catalog == null ? null : catalog.kubernetes().context();
        return new KubernetesBackend(createClient(http, ctx), true, catalog, options);
    }

    /** {@link #connect(HttpClient.Factory, PoolCatalog, String, KubernetesBackendOptions)} with default options. */
    public static KubernetesBackend connect(HttpClient.Factory http, PoolCatalog catalog, String context) {
        return connect(http, catalog, context, KubernetesBackendOptions.DEFAULTS);
    }

    /**
     * A client on the HTTP client {@code http} makes, from the kubeconfig with {@code context} (null: the current
     * context), or in-cluster config.
     */
    public static KubernetesClient createClient(HttpClient.Factory http, String context) {
        return KubernetesClients.create(http, Config.autoConfigure(context));
    }

    /** Pods read code and inputs from the object store only: local folders are staged there first. */
    @Override
    public boolean readsLocalPaths() {
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The renderer, usable without a cluster. */
    public KubernetesRenderer renderer() {
        return renderer;
    }

    /** The namespace a plan runs in: its pool's, else the client's current one, else {@code default}. */
    public String namespaceFor(JobPlan plan) {
        String ns = KubernetesRenderer.poolNamespace(plan);
        return ns != null ? ns : defaultNamespace();
    }

    public String defaultNamespace() {
        String ns = client.getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    @Override
    public RunningJob submit(JobPlan plan, JobEventSink sink) {
        checkOpen();
        String namespace = namespaceFor(plan);
        // render here: an invalid plan fails the call instead of a background thread (and attempt 1 is ready to send)
        KubernetesRenderer.FirstAttempt rendered = renderer.renderFirstAttempt(plan, namespace);
        KubeJob job = new KubeJob(this, plan, namespace, sink, null);
        job.submit(rendered);
        return job;
    }

    @Override
    public RunningJob attach(JobHandle handle, JobPlan plan, JobEventSink sink) {
        checkOpen();
        if (!(handle instanceof KubernetesJobHandle h)) {
            throw new IllegalArgumentException("not a Kubernetes job handle: " + (handle == null ? null : handle.backend()));
        }
        KubeJob job = new KubeJob(this, plan, h.namespace(), sink, h);
        control.execute(job::attachFromHandle);
        return job;
    }

    /** Status, logs, stop and priority of jobs by name, for the command line. */
    public KubernetesJobQueries queries() {
        return queries;
    }

    /**
     * A Job of this engine as a sweeper of orphaned Jobs sees it; {@code submissionKey} and {@code heartbeat} are null
     * when it has none.
     */
    public record ManagedJob(String namespace, String name, String submissionKey, Instant created, boolean finished,
                             Map<String, String> labels, Instant heartbeat) {

        /** The last sign of life of its creator: the heartbeat, or the creation when there was none since. */
        public Instant lastSeen() {
            if (heartbeat == null) {
                return created;
            }
            return created == null || heartbeat.isAfter(created) ? heartbeat : created;
        }
    }

    /** Labels the Jobs this backend creates get besides their own, saying who created them (see {@link KubernetesRenderer#setCreatorLabels}). */
    public void setCreatorLabels(Map<String, String> labels) {
        renderer.setCreatorLabels(labels);
    }

    /** Every Job of this engine in {@code namespace} (one list request; no job needs to be watched). */
    public List<ManagedJob> managedJobs(String namespace) {
        return managedJobs(namespace, Map.of());
    }

    /** The Jobs of this engine in {@code namespace} that also carry every label of {@code labels} (one list request). */
    public List<ManagedJob> managedJobs(String namespace, Map<String, String> labels) {
        return jobs.managedJobs(namespace, labels);
    }

    /**
     * Sets the heartbeat annotation of one Job of this engine to {@code at} (a patch of that one annotation); false
     * when there is no such Job.
     */
    public boolean heartbeat(String namespace, String name, Instant at) {
        return jobs.heartbeat(namespace, name, at);
    }

    /**
     * Deletes one Job of this engine with its pods, as a stop does (foreground propagation, the stop grace period);
     * false when there is no such Job of this engine.
     */
    public boolean deleteManagedJob(String namespace, String name) {
        return jobs.deleteManagedJob(namespace, name);
    }

    // ---------------------------------------------------------------- registry and informers (control thread)

    void register(KubeJob job) {
        watched.add(job);
        NamespaceInformers inf = informers.get(job.namespace);
        if (inf == null) {
            NamespaceInformers created = new NamespaceInformers(client, job.namespace, new NamespaceInformers.Listener() {
                @Override
                public void job(Job j, boolean deleted) {
                    onControl(() -> dispatchJob(j, deleted));
                }

                @Override
                public void pod(Pod p, boolean deleted) {
                    onControl(() -> dispatchPod(p, deleted));
                }

                @Override
                public void error(String namespace, String kind, Throwable error) {
                    onControl(() -> informerError(namespace, kind, error));
                }
            });
            informers.put(job.namespace, created);
            inf = created;
            String ns = job.namespace;
            inf.start().exceptionally(t -> {
                // the namespace is still listed every reconcile interval; the informers retry by themselves
                LOG.warn("Starting the informers of namespace {} failed", ns, t);
                return null;
            });
        }
        inf.users++;
    }

    /** The informers of {@code namespace}, or null when no job there is watched. Control thread. */
    NamespaceInformers informersOf(String namespace) {
        return informers.get(namespace);
    }

    /**
     * The informers of {@code namespace} as they are now, or null; any thread. A submission looks up their caches
     * before its job is registered: they may stop meanwhile (their last job ended), and then answer as they were a
     * moment ago, as a cache that lags does; a create that meets its own Job still answers 409, which is handled.
     */
    NamespaceInformers startedInformers(String namespace) {
        return informers.get(namespace);
    }

    void unregister(KubeJob job) {
        if (!watched.remove(job)) {
            return;
        }
        byName.values().removeIf(j -> j == job);
        byUid.values().removeIf(j -> j == job);
        NamespaceInformers inf = informers.get(job.namespace);
        if (inf != null && --inf.users <= 0) {
            informers.remove(job.namespace);
            inf.stop();
        }
    }

    /** Routes events of a Job name and uid to {@code job} (its current attempt). */
    void route(KubeJob job, String name, String uid) {
        byName.values().removeIf(j -> j == job);
        byUid.values().removeIf(j -> j == job);
        byName.put(job.namespace + "/" + name, job);
        if (uid != null) {
            byUid.put(uid, job);
        }
    }

    private void dispatchJob(Job j, boolean deleted) {
        KubeJob job = byName.get(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName());
        if (job != null) {
            job.onJob(j, deleted);
        }
    }

    private void dispatchPod(Pod p, boolean deleted) {
        String uid = JobObjects.ownerUid(p);
        KubeJob job = uid == null ? null : byUid.get(uid);
        if (job != null) {
            job.onPod(p, deleted);
        }
    }

    private void informerError(String namespace, String kind, Throwable error) {
        LOG.debug("informer for {} in {} failed", kind, namespace, error);
        for (KubeJob j : new ArrayList<>(watched)) {
            if (j.namespace.equals(namespace)) {
                j.onInformerError(kind, error);
            }
        }
    }

    /** The job of {@code namespace} with base name {@code base} that this backend watches, or null. */
    KubeJob watched(String namespace, String base) throws InterruptedException {
        return call(() -> watched.stream().filter(j -> j.namespace.equals(namespace) && j.baseName.equals(base)).findFirst().orElse(null));
    }

    /** Namespaces with running informers (diagnostics; tests). */
    Set<String> informerNamespaces() throws InterruptedException {
        return call(() -> new LinkedHashSet<>(informers.keySet()));
    }

    private void tick() {
        for (KubeJob j : new ArrayList<>(watched)) {
            try {
                j.tick();
            } catch (RuntimeException e) {
                LOG.warn("job {} tick failed", j.jobName(), e);
            }
        }
    }

    /** The safety net under the informers: one list of Jobs and one of pods per namespace with watched jobs. */
    private void reconcileAll() {
        Map<String, List<NamespaceSweep.Target>> byNamespace = targetsByNamespace();
        sweeps.keySet().retainAll(byNamespace.keySet());
        byNamespace.forEach((ns, targets) -> sweeps.computeIfAbsent(ns, k -> new NamespaceSweep(this, k)).sweep(targets));
    }

    /** The sweep of {@code namespace} asked for while one was in flight. Control thread. */
    void sweepAgain(String namespace) {
        NamespaceSweep sweep = sweeps.get(namespace);
        List<NamespaceSweep.Target> targets = targetsByNamespace().get(namespace);
        if (sweep != null && targets != null) {
            sweep.sweep(targets);
        }
    }

    private Map<String, List<NamespaceSweep.Target>> targetsByNamespace() {
        Map<String, List<NamespaceSweep.Target>> byNamespace = new HashMap<>();
        for (KubeJob j : watched) {
            byNamespace.computeIfAbsent(j.namespace, k -> new ArrayList<>()).add(j.sweepTarget());
        }
        return byNamespace;
    }

    // ---------------------------------------------------------------- executors

    boolean onControlThread() {
        return Thread.currentThread() == controlThread;
    }

    /** Runs {@code task} on the control thread; false when the backend is closed (the task is dropped). */
    boolean onControl(Runnable task) {
        try {
            control.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.debug("control task dropped: the backend is closed");
            return false;
        }
    }

    void onControlLater(Runnable task, long delayMillis) {
        try {
            control.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("delayed control task dropped: the backend is closed");
        }
    }

    /** A task that logs what it throws instead of ending the control thread's timers. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("control task failed", e);
            }
        };
    }

    /** Runs a blocking call on the pool and hands its outcome to the control thread (nothing after close). */
    <T> void io(Callable<T> call, BiConsumer<T, Throwable> then) {
        try {
            pool.execute(() -> {
                T result = null;
                Throwable error = null;
                try {
                    result = call.call();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the pool is shutting down
                    error = e;
                } catch (Exception e) {
                    error = e;
                }
                T r = result;
                Throwable e = error;
                onControl(() -> then.accept(r, e));
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("blocking call dropped: the backend is closed");
        }
    }

    /**
     * Runs {@code c} on the control thread and waits for its value (never from the control thread itself).
     *
     * @throws IllegalStateException when the backend is closed, or the control thread does not answer within
     *                               {@link #CALL_TIMEOUT_SECONDS} (a {@link TimeoutException} is its cause)
     */
    private <T> T call(Callable<T> c) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            control.execute(() -> {
                try {
                    f.complete(c.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the Kubernetes backend is closed", e);
        }
        try {
            return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kubernetes backend's control thread did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Kubernetes backend is closed");
        }
    }

    /** Detaches every job still watched (they keep running in the cluster), stops informers and threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable detachAll = () -> {
            for (KubeJob j : new ArrayList<>(watched)) {
                j.detachNow();
            }
            for (NamespaceInformers inf : informers.values()) {
                inf.stop();
            }
            informers.clear();
            done.complete(null);
        };
        if (onControlThread()) {
            detachAll.run();
        } else {
            awaitDetachAll(detachAll, done);
        }
        ticker.cancel(false);
        reconciler.cancel(false);
        control.shutdownNow();
        pool.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** Closing goes on whatever happens here: the threads are ended below anyway. */
    private void awaitDetachAll(Runnable detachAll, CompletableFuture<Void> done) {
        try {
            control.execute(detachAll);
            done.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("the control thread was already shut down", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Interrupted while closing the Kubernetes backend; its jobs are detached as its threads end");
        } catch (TimeoutException e) {
            LOG.warn("Closing the Kubernetes backend: detaching its jobs timed out after {} s; ending its threads anyway", CLOSE_WAIT_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("Closing the Kubernetes backend: detaching its jobs failed", e.getCause());
        }
    }

    private static long tickMillis(KubernetesBackendOptions o) {
        long min = Math.min(o.abnormalAfter().toMillis(), Math.min(o.lostPodTimeout().toMillis(), o.pendingReasonInterval().toMillis()));
        return Math.max(50, Math.min(1000, min / 4));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * ends a job. Every {@link KubernetesBackendOptions#reconcileInterval()} each job is also re-read with a
 * GET and a pod list.
 */
public final class KubernetesBackend implements Backend {

    public static final String NAME = "kubernetes";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesBackend.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final KubernetesClient client;
    private final boolean ownsClient;
    final KubernetesRenderer renderer;
    final KubernetesBackendOptions options;
    final ScheduledExecutorService control;
    final ThreadPoolExecutor pool;
    /** Names of this backend's threads start with it: {@code modelarts-kube-<n>-control}, {@code modelarts-kube-<n>-io-<m>}. */
    final String threadPrefix;

    // control thread only
    private final Map<String, NamespaceInformers> informers = new HashMap<>();
    private final Map<String, KubeJob> byName = new HashMap<>();
    private final Map<String, KubeJob> byUid = new HashMap<>();
    private final Set<KubeJob> jobs = new LinkedHashSet<>();
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
        this.control = Executors.newSingleThreadScheduledExecutor(threads(threadPrefix + "control"));
        this.pool = new ThreadPoolExecutor(this.options.logThreads(), this.options.logThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads(threadPrefix + "io"));
        this.pool.allowCoreThreadTimeOut(true);
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
        // render here: an invalid plan fails the call instead of a background thread (and attempt 1 is ready to send)
        List<HasMetadata> rendered = renderer.render(plan, 1, namespaceFor(plan));
        KubeJob job = new KubeJob(this, plan, namespaceFor(plan), sink, null);
        control.execute(() -> job.submit(rendered));
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

    // ---------------------------------------------------------------- queries for the command line

    /**
     * The latest attempt of a job, by its ModelArts name or a Kubernetes name.
     *
     * @throws JobNotFoundException when there is none
     */
    public KubernetesJobInfo status(String namespace, String nameOrModelartsName) {
        String ns = namespace == null ? defaultNamespace() : namespace;
        Job job = findLatest(ns, nameOrModelartsName).orElseThrow(() -> new JobNotFoundException(ns, nameOrModelartsName));
        List<Pod> pods = podsOf(job);
        int nodes = intAnnotation(job, KubernetesNames.NODES_ANNOTATION, 1);
        JobStatusMapper mapper = new JobStatusMapper(nodes, job.getMetadata().getLabels().get(KubernetesNames.KUEUE_QUEUE_LABEL),
                Duration.ofDays(365), Duration.ofDays(365));
        JobStatusMapper.Observation o = mapper.observe(job, pods, Map.of(), java.time.Instant.now());
        List<KubernetesJobInfo.WorkerInfo> workers = new ArrayList<>();
        pods.stream().sorted(Comparator.comparingInt(JobStatusMapper::index).thenComparing(p -> p.getMetadata().getName()))
                .forEach(p -> workers.add(new KubernetesJobInfo.WorkerInfo(JobStatusMapper.worker(p), p.getMetadata().getName(),
                        JobStatusMapper.phase(p), p.getSpec() == null ? null : p.getSpec().getNodeName())));
        return new KubernetesJobInfo(ns, modelartsName(job), job.getMetadata().getName(), job.getMetadata().getUid(),
                attemptOf(job), intAnnotation(job, KubernetesNames.ATTEMPTS_ANNOTATION, 1), nodes, o.status(), o.reason(), o.worker(),
                o.exitCode(), job.getMetadata().getCreationTimestamp(), workers);
    }

    /**
     * Changes a Pending job's priority ({@link PriorityChange}: Kueue pools only).
     *
     * @throws JobNotFoundException when there is no such job
     * @throws PriorityChange.RefusedException when the job is not pending, or its pool cannot change it
     */
    public PriorityChange.Outcome changePriority(String namespace, String nameOrModelartsName, int priority) {
        String ns = namespace == null ? defaultNamespace() : namespace;
        Job job = findLatest(ns, nameOrModelartsName).orElseThrow(() -> new JobNotFoundException(ns, nameOrModelartsName));
        return PriorityChange.apply(client, renderer.catalog(), job, status(ns, job.getMetadata().getName()), priority);
    }

    /**
     * Stops a job by name: deletes every attempt's Job with its pods and waits (up to the stop timeout)
     * until the pods are gone. A job this backend is watching is stopped through its watcher.
     *
     * @return false when no such job exists
     * @throws JobAlreadyEndedException when its last attempt completed, or failed with no attempt left (it is kept,
     *                                  with its logs, until {@code ttlSecondsAfterFinished} removes it)
     */
    public boolean stop(String namespace, String nameOrModelartsName, String reason) {
        String ns = namespace == null ? defaultNamespace() : namespace;
        Optional<Job> latest = findLatest(ns, nameOrModelartsName);
        if (latest.isEmpty()) {
            return false;
        }
        Job last = latest.get();
        String base = last.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
        KubeJob watched = call(() -> jobs.stream().filter(j -> j.namespace.equals(ns) && j.baseName.equals(base)).findFirst().orElse(null));
        boolean complete = JobStatusMapper.condition(last, "Complete") != null;
        boolean failedForGood = JobStatusMapper.condition(last, "Failed") != null
                && attemptOf(last) >= intAnnotation(last, KubernetesNames.ATTEMPTS_ANNOTATION, 1);
        if (watched == null && (complete || failedForGood)) {
            throw new JobAlreadyEndedException(modelartsName(last), status(ns, last.getMetadata().getName()).status());
        }
        if (watched != null) {
            watched.stop(reason);
            try {
                watched.completion().get(options.stopTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // reported by the watcher
            }
            return true;
        }
        deleteAttempts(ns, base);
        long deadline = System.nanoTime() + options.stopTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (client.pods().inNamespace(ns).withLabel(KubernetesNames.JOB_LABEL, base).list().getItems().isEmpty()) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    /**
     * Prints a job's logs (latest attempt, every worker). Without {@code follow} it prints what the cluster
     * has and completes with the job's current status; with {@code follow} it keeps streaming until the job
     * ends and completes with its result.
     *
     * @throws JobNotFoundException when there is no such job
     */
    public CompletableFuture<JobResult> logs(String namespace, String nameOrModelartsName, boolean follow, JobEventSink sink) {
        checkOpen();
        String ns = namespace == null ? defaultNamespace() : namespace;
        Job job = findLatest(ns, nameOrModelartsName).orElseThrow(() -> new JobNotFoundException(ns, nameOrModelartsName));
        KubernetesJobHandle handle = handleOf(job);
        KubeJob watcher = new KubeJob(this, null, ns, sink, handle);
        if (follow) {
            control.execute(watcher::attachFromHandle);
            return watcher.completion();
        }
        control.execute(watcher::printOnce);
        return watcher.completion();
    }

    /** A handle for an existing Job, with no log read yet. */
    KubernetesJobHandle handleOf(Job job) {
        long created = System.currentTimeMillis();
        try {
            created = java.time.Instant.parse(job.getMetadata().getCreationTimestamp()).toEpochMilli();
        } catch (RuntimeException e) {
            // keep now
        }
        return new KubernetesJobHandle(modelartsName(job), job.getMetadata().getNamespace(),
                job.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL), job.getMetadata().getName(), job.getMetadata().getUid(),
                attemptOf(job), intAnnotation(job, KubernetesNames.ATTEMPTS_ANNOTATION, 1),
                intAnnotation(job, KubernetesNames.NODES_ANNOTATION, 1), created, Map.of());
    }

    /** The newest attempt of the job named (ModelArts or Kubernetes name), if any. */
    Optional<Job> findLatest(String ns, String name) {
        if (KubernetesNames.isDnsLabel(name)) {
            Job direct = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            if (direct != null && isOurs(direct)) {
                String base = direct.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
                return Optional.of(latestOf(listAttempts(ns, base)).orElse(direct));
            }
        }
        // a ModelArts name: the newest submission of it (each build or CLI run is its own Job)
        List<Job> all = client.batch().v1().jobs().inNamespace(ns)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                .withLabel(KubernetesNames.NAME_LABEL, KubernetesNames.jobName(name)).list().getItems();
        Optional<String> newestBase = all.stream().filter(j -> name.equals(modelartsName(j)))
                .max(Comparator.comparing((Job j) -> String.valueOf(j.getMetadata().getCreationTimestamp()))
                        .thenComparingInt(KubernetesBackend::attemptOf))
                .map(j -> j.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL));
        if (newestBase.isPresent()) {
            return latestOf(listAttempts(ns, newestBase.get()));
        }
        return latestOf(listAttempts(ns, KubernetesNames.jobName(name)));
    }

    List<Job> listAttempts(String ns, String base) {
        if (base == null) {
            return List.of();
        }
        return client.batch().v1().jobs().inNamespace(ns).withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                .withLabel(KubernetesNames.JOB_LABEL, base).list().getItems();
    }

    static Optional<Job> latestOf(List<Job> attempts) {
        return attempts.stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparingInt(KubernetesBackend::attemptOf));
    }

    List<Pod> podsOf(Job job) {
        String uid = job.getMetadata().getUid();
        List<Pod> out = new ArrayList<>();
        for (Pod p : client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel(KubernetesNames.JOB_LABEL, job.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL))
                .withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(attemptOf(job))).list().getItems()) {
            if (uid == null || uid.equals(ownerUid(p))) {
                out.add(p);
            }
        }
        return out;
    }

    void deleteAttempts(String ns, String base) {
        for (Job j : listAttempts(ns, base)) {
            deleteJob(ns, j.getMetadata().getName(), base, attemptOf(j), options.stopGracePeriodSeconds());
        }
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
        List<ManagedJob> out = new ArrayList<>();
        var jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE);
        for (Map.Entry<String, String> l : labels.entrySet()) {
            jobs = jobs.withLabel(l.getKey(), l.getValue());
        }
        for (Job j : jobs.list().getItems()) {
            if (!isOurs(j)) {
                continue;
            }
            Map<String, String> a = j.getMetadata().getAnnotations() == null ? Map.of() : j.getMetadata().getAnnotations();
            String created = j.getMetadata().getCreationTimestamp();
            Instant at = created == null ? null : LogLines.parseInstant(created);
            Instant beat = null;
            try {
                String h = a.get(KubernetesNames.HEARTBEAT_ANNOTATION);
                beat = h == null ? null : Instant.parse(h);
            } catch (java.time.format.DateTimeParseException e) {
                // someone else's value: as if there were none
            }
            boolean finished = JobStatusMapper.condition(j, "Complete") != null || JobStatusMapper.condition(j, "Failed") != null;
            Map<String, String> l = j.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(j.getMetadata().getLabels());
            out.add(new ManagedJob(namespace, j.getMetadata().getName(), a.get(KubernetesNames.SUBMISSION_ANNOTATION), at, finished,
                    l, beat));
        }
        return out;
    }

    /**
     * Sets the heartbeat annotation of one Job of this engine to {@code at} (a patch of that one annotation); false
     * when there is no such Job.
     */
    public boolean heartbeat(String namespace, String name, Instant at) {
        var resource = client.batch().v1().jobs().inNamespace(namespace).withName(name);
        Job j = resource.get();
        if (j == null || !isOurs(j)) {
            return false;
        }
        try {
            resource.edit(current -> {
                Map<String, String> a = current.getMetadata().getAnnotations() == null ? new HashMap<>()
                        : new HashMap<>(current.getMetadata().getAnnotations());
                a.put(KubernetesNames.HEARTBEAT_ANNOTATION, at.toString());
                current.getMetadata().setAnnotations(a);
                return current;
            });
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes one Job of this engine with its pods, as a stop does (foreground propagation, the stop grace period);
     * false when there is no such Job of this engine.
     */
    public boolean deleteManagedJob(String namespace, String name) {
        Job j = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (j == null || !isOurs(j)) {
            return false;
        }
        String base = j.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
        deleteJob(namespace, name, base, attemptOf(j), options.stopGracePeriodSeconds());
        return true;
    }

    /**
     * Deletes a Job with foreground propagation (the garbage collector removes its pods and Service; nothing
     * is orphaned) and, when {@code podGraceSeconds} is set, its pods right away with that grace period so
     * that a stop does not wait for the pods' own grace period.
     */
    void deleteJob(String ns, String name, String base, int attempt, Integer podGraceSeconds) {
        try {
            client.batch().v1().jobs().inNamespace(ns).withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        if (podGraceSeconds != null && base != null) {
            try {
                client.pods().inNamespace(ns).withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                        .withLabel(KubernetesNames.JOB_LABEL, base).withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(attempt))
                        .withGracePeriod(podGraceSeconds).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Creates the other objects of an attempt (Service) owned by its Job; an existing one is kept. */
    void createOwned(List<HasMetadata> objects, Job owner) {
        OwnerReference ref = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        for (HasMetadata o : objects) {
            if (o instanceof Job) {
                continue;
            }
            o.getMetadata().setOwnerReferences(List.of(ref));
            try {
                client.resource(o).inNamespace(owner.getMetadata().getNamespace()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    static boolean isOurs(Job job) {
        return job.getMetadata().getLabels() != null
                && KubernetesNames.MANAGED_BY_VALUE.equals(job.getMetadata().getLabels().get(KubernetesNames.MANAGED_BY_LABEL))
                && job.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL) != null;
    }

    static int attemptOf(Job job) {
        String v = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(KubernetesNames.ATTEMPT_LABEL);
        try {
            return v == null ? 1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static int intAnnotation(Job job, String key, int dflt) {
        String v = job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    static String modelartsName(Job job) {
        String v = job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(KubernetesNames.NAME_ANNOTATION);
        return v == null ? job.getMetadata().getName() : v;
    }

    static String ownerUid(HasMetadata o) {
        if (o.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if ("Job".equals(r.getKind())) {
                return r.getUid();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- registry and informers (control thread)

    void register(KubeJob job) {
        jobs.add(job);
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
            inf.start().exceptionally(t -> null);
        }
        inf.users++;
    }

    /** The informers of {@code namespace}, or null when no job there is watched. Control thread. */
    NamespaceInformers informersOf(String namespace) {
        return informers.get(namespace);
    }

    void unregister(KubeJob job) {
        if (!jobs.remove(job)) {
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
        String uid = ownerUid(p);
        KubeJob job = uid == null ? null : byUid.get(uid);
        if (job != null) {
            job.onPod(p, deleted);
        }
    }

    private void informerError(String namespace, String kind, Throwable error) {
        LOG.debug("informer for {} in {} failed", kind, namespace, error);
        for (KubeJob j : new ArrayList<>(jobs)) {
            if (j.namespace.equals(namespace)) {
                j.onInformerError(kind, error);
            }
        }
    }

    /** Namespaces with running informers (diagnostics; tests). */
    Set<String> informerNamespaces() {
        Set<String> s = call(() -> new LinkedHashSet<>(informers.keySet()));
        return s == null ? Set.of() : s;
    }

    private void tick() {
        for (KubeJob j : new ArrayList<>(jobs)) {
            try {
                j.tick();
            } catch (RuntimeException e) {
                LOG.warn("job {} tick failed", j.jobName(), e);
            }
        }
    }

    private void reconcileAll() {
        for (KubeJob j : new ArrayList<>(jobs)) {
            j.reconcile();
        }
    }

    // ---------------------------------------------------------------- executors

    boolean onControlThread() {
        return Thread.currentThread().getName().equals(threadPrefix + "control-1");
    }

    /** Runs {@code task} on the control thread (dropped after close). */
    void onControl(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("control task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    void onControlLater(Runnable task, long delayMillis) {
        try {
            control.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("control task failed", e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Runs a blocking call on the pool and hands its outcome to the control thread. */
    <T> void io(Callable<T> call, BiConsumer<T, Throwable> then) {
        try {
            pool.execute(() -> {
                T result = null;
                Throwable error = null;
                try {
                    result = call.call();
                } catch (Throwable t) {
                    error = t;
                }
                T r = result;
                Throwable e = error;
                onControl(() -> then.accept(r, e));
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Runs {@code c} on the control thread and waits for its value (never from the control thread itself). */
    private <T> T call(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            control.execute(() -> {
                try {
                    f.complete(c.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private void checkOpen() {
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
            for (KubeJob j : new ArrayList<>(jobs)) {
                j.detachNow();
            }
            for (NamespaceInformers inf : informers.values()) {
                inf.stop();
            }
            informers.clear();
            done.complete(null);
        };
        try {
            if (onControlThread()) {
                detachAll.run();
            } else {
                control.execute(detachAll);
            }
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
        ticker.cancel(false);
        reconciler.cancel(false);
        control.shutdownNow();
        pool.shutdownNow();
        if (ownsClient) {
            client.close();
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

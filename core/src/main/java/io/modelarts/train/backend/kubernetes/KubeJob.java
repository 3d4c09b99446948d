package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.WorkerPrefixSink;
import io.modelarts.train.plan.JobPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One submitted job as this backend watches it, through all its attempts. Every method except the
 * {@link RunningJob} ones runs on the backend's control thread, so the state below needs no locks;
 * the log streams and the handle are read from other threads and are thread-safe.
 */
final class KubeJob implements RunningJob {

    private enum Phase { NEW, SUBMITTING, ACTIVE, RESTARTING, STOPPING, FINISHING, DONE }

    private static final List<String> LOGGED_CONTAINERS = List.of(KubernetesNames.DOWNLOAD_CONTAINER, KubernetesNames.TRAIN_CONTAINER);
    private static final ResourceDefinitionContext KUEUE_WORKLOADS = new ResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withPlural("workloads").withKind("Workload").withNamespaced(true).build();

    private final KubernetesBackend backend;
    private final KubernetesBackendOptions options;
    private final JobPlan plan;
    final String namespace;
    final String baseName;
    private final String modelartsName;
    private final int nodes;
    private final int maxAttempts;
    private final long submittedAt;
    private final JobEventSink sink;
    private final KubernetesJobHandle resumeHandle;
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();

    // read by handle() from any thread
    private volatile int attempt = 1;
    private volatile String jobName;
    private volatile String uid;
    private final Map<String, LogCursor> resumeCursors = new ConcurrentHashMap<>();
    private final Map<String, ContainerLogStream> streams = new ConcurrentHashMap<>();

    // control thread only
    private Phase phase = Phase.NEW;
    private Job job;
    private boolean jobDeleted;
    private final Map<String, Pod> pods = new HashMap<>();
    private JobStatusMapper mapper;
    private JobStatus reported;
    private String reportedReason;
    private Instant reportedAt;
    private final Map<String, String> hints = new HashMap<>();
    private Instant hintsFetchedAt;
    private boolean hintsInFlight;
    private boolean reconcileInFlight;
    /** Another GET/list is wanted as soon as the one in flight has answered. */
    private boolean reconcileAgain;
    /** Whether a failure without a named worker was re-checked with a fresh list of the pods (see {@link #evaluate()}). */
    private Recheck failureRecheck = Recheck.NONE;
    /** False until the first GET of the current attempt arrived: evaluating before it could end a job without its pods. */
    private boolean seeded;
    private Instant lastStopPoll;
    private final Set<String> announced = new HashSet<>();
    private final Set<String> informerErrorsReported = new HashSet<>();
    private String stopReason;

    KubeJob(KubernetesBackend backend, JobPlan plan, String namespace, JobEventSink sink, KubernetesJobHandle handle) {
        this.backend = backend;
        this.options = backend.options;
        this.plan = plan;
        this.namespace = namespace;
        this.resumeHandle = handle;
        if (handle != null) {
            this.modelartsName = handle.jobName();
            this.baseName = handle.baseName();
            this.nodes = Math.max(1, handle.nodes());
            this.maxAttempts = Math.max(1, handle.maxAttempts());
            this.submittedAt = handle.submittedAtMillis();
            this.attempt = handle.attempt();
            this.jobName = handle.kubernetesName();
            this.uid = handle.uid();
            this.resumeCursors.putAll(handle.logCursors());
        } else {
            this.modelartsName = plan.jobName();
            this.baseName = KubernetesNames.jobName(modelartsName, plan.submissionKey());
            this.nodes = Math.max(1, plan.nodes());
            this.maxAttempts = Math.max(1, plan.attempts());
            this.submittedAt = System.currentTimeMillis();
            this.jobName = baseName;
        }
        this.sink = safe(WorkerPrefixSink.forNodes(sink == null ? JobEventSink.NONE : sink, nodes));
    }

    String jobName() {
        return modelartsName;
    }

    // ---------------------------------------------------------------- RunningJob

    @Override
    public KubernetesJobHandle handle() {
        Map<String, LogCursor> cursors = new TreeMap<>(resumeCursors);
        for (ContainerLogStream s : streams.values()) {
            cursors.put(s.key(), s.cursor());
        }
        return new KubernetesJobHandle(modelartsName, namespace, baseName, jobName, uid, attempt, maxAttempts, nodes, submittedAt,
                cursors);
    }

    @Override
    public CompletableFuture<JobResult> completion() {
        return completion;
    }

    @Override
    public void stop(String reason) {
        backend.onControl(() -> doStop(reason));
    }

    /** Stops watching; returns once no more event reaches the sink (so a handle taken afterwards is exact). */
    @Override
    public void detach() {
        if (backend.onControlThread()) {
            detachNow();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        backend.onControl(() -> {
            detachNow();
            done.complete(null);
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the backend is closing: nothing reaches the sink any more either
        }
    }

    // ---------------------------------------------------------------- submit and attach

    /** Attempt 1 as {@link KubernetesBackend#submit} rendered it (to refuse a bad plan at once); rendered again if needed. */
    private volatile List<HasMetadata> firstAttempt;

    /** A new job: find an earlier submission of it or create attempt 1 (as {@code rendered}). */
    void submit(List<HasMetadata> rendered) {
        firstAttempt = rendered;
        phase = Phase.SUBMITTING;
        backend.register(this);
        report(JobStatus.CREATING, null);
        NamespaceInformers informers = backend.informersOf(namespace);
        backend.io(() -> findOrCreate(informers), this::onSubmitted);
    }

    private record Submitted(Job job, boolean existing, Job conflict, String refusal) {
        Submitted(Job job, boolean existing, Job conflict) {
            this(job, existing, conflict, null);
        }
    }

    private Submitted findOrCreate(NamespaceInformers informers) throws InterruptedException {
        // a synced cache answers "submitted before?" without a round trip; a Job it has not seen yet makes the create
        // answer 409 below, which is handled as "submitted before" too
        List<Job> cached = informers == null ? null : informers.cachedAttempts(baseName);
        Optional<Job> latest = KubernetesBackend.latestOf(cached != null ? cached : backend.listAttempts(namespace, baseName));
        if (latest.isPresent()) {
            Job j = latest.get();
            String hash = backend.renderer.specHash(plan, backend.renderer.catalog().storage().credentialsSecret());
            String theirs = j.getMetadata().getAnnotations() == null ? null
                    : j.getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION);
            if (hash.equals(theirs)) {
                return new Submitted(j, true, null);
            }
            if (!isFinished(j)) {
                return new Submitted(null, false, j);
            }
            // a finished job of the same name but another definition: replace it (below)
            backend.deleteAttempts(namespace, baseName);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!backend.listAttempts(namespace, baseName).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        }
        // output-path exclusivity: no other active job of the namespace may write where this one writes
        List<Job> all = informers == null ? null : informers.cachedJobs();
        String refusal = OutputPaths.conflict(plan, baseName, all != null ? all
                : backend.client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE).list().getItems());
        if (refusal != null) {
            return new Submitted(null, false, null, refusal);
        }
        return createAttempt(1);
    }

    private Submitted createAttempt(int n) {
        List<HasMetadata> objects = n == 1 && firstAttempt != null ? firstAttempt
                : n == 1 ? backend.renderer.render(plan, n, namespace)
                : backend.renderer.renderLaterAttempt(plan, n, namespace, remainingAutoStop());
        firstAttempt = null;
        Job j = (Job) objects.get(0);
        Job created;
        boolean existing = false;
        try {
            created = backend.client.batch().v1().jobs().inNamespace(namespace).resource(j).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            created = backend.client.batch().v1().jobs().inNamespace(namespace).withName(j.getMetadata().getName()).get();
            if (created == null || !KubernetesBackend.isOurs(created)) {
                throw new IllegalStateException("a Job named " + j.getMetadata().getName() + " already exists in namespace " + namespace
                        + " and is not managed by modelarts-train");
            }
            existing = true;
        }
        backend.createOwned(objects, created);
        return new Submitted(created, existing, null);
    }

    private void onSubmitted(Submitted s, Throwable error) {
        if (phase == Phase.DONE || phase == Phase.FINISHING) {
            return;
        }
        if (error != null) {
            if (phase == Phase.STOPPING) {
                finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
            } else {
                String why = "could not create the Kubernetes Job " + jobName + " in namespace " + namespace + ": " + message(error);
                finish(JobStatus.ABNORMAL, why, null, null, why, false);
            }
            return;
        }
        if (s.refusal() != null) {
            finish(JobStatus.ABNORMAL, s.refusal(), null, null, s.refusal(), false);
            return;
        }
        if (s.conflict() != null) {
            String why = "a different job named " + modelartsName + " is still active in namespace " + namespace + " (Kubernetes Job "
                    + s.conflict().getMetadata().getName() + "); stop it or choose another job name";
            finish(JobStatus.ABNORMAL, why, null, null, why, false);
            return;
        }
        if (s.existing()) {
            sink.info("Job " + modelartsName + " was already submitted (Kubernetes Job " + namespace + "/" + s.job().getMetadata().getName()
                    + "); following it");
        } else {
            sink.info("Created Kubernetes Job " + namespace + "/" + s.job().getMetadata().getName());
        }
        adopt(s.job());
    }

    /** Re-attaches from a handle: the handle's Job, or a later attempt of the same job. */
    void attachFromHandle() {
        phase = Phase.SUBMITTING;
        backend.register(this);
        String name = resumeHandle.kubernetesName();
        backend.io(() -> {
            Job j = backend.client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (j == null || !KubernetesBackend.isOurs(j)) {
                j = KubernetesBackend.latestOf(backend.listAttempts(namespace, baseName)).orElse(null);
            }
            return j;
        }, (j, error) -> {
            if (phase == Phase.STOPPING) {
                // stopped while looking the job up: delete what was found
                if (j != null && error == null) {
                    adopt(j);
                } else {
                    finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
                }
                return;
            }
            if (phase != Phase.SUBMITTING) {
                return;
            }
            if (error != null) {
                String why = "cannot read the Kubernetes Job " + namespace + "/" + name + ": " + message(error);
                finish(JobStatus.ABNORMAL, why, null, null, why, false);
                return;
            }
            if (j == null) {
                String why = "the Kubernetes Job " + namespace + "/" + name
                        + " no longer exists (deleted, or removed after ttlSecondsAfterFinished)";
                finish(JobStatus.ABNORMAL, why, null, null, why, false);
                return;
            }
            if (!j.getMetadata().getName().equals(name)) {
                sink.info("Job " + modelartsName + " moved on to attempt " + KubernetesBackend.attemptOf(j) + " (" + j.getMetadata().getName() + ")");
            }
            adopt(j);
        });
    }

    /** Starts following {@code j} as the current attempt. */
    private void adopt(Job j) {
        attempt = KubernetesBackend.attemptOf(j);
        jobName = j.getMetadata().getName();
        uid = j.getMetadata().getUid();
        backend.route(this, jobName, uid);
        job = j;
        jobDeleted = false;
        mapper = new JobStatusMapper(nodes, labels(j).get(KubernetesNames.KUEUE_QUEUE_LABEL), options.abnormalAfter(),
                options.lostPodTimeout());
        seeded = false;
        if (phase == Phase.STOPPING) {
            issueStopDeletes();
            return;
        }
        phase = Phase.ACTIVE;
        if (!seedFromCache()) {
            reconcile();
        }
        evaluate();
    }

    /**
     * The first look at the adopted Job and its pods from the namespace's synced caches instead of the API. Events
     * for them that came before the Job was routed here were dropped, but the cache had taken them in first.
     */
    private boolean seedFromCache() {
        NamespaceInformers informers = backend.informersOf(namespace);
        if (informers == null || !informers.synced()) {
            return false;
        }
        Job cached = informers.cachedJob(jobName);
        if (cached != null && Objects.equals(uid, cached.getMetadata().getUid()) && newer(cached, job)) {
            job = cached;
        }
        for (Pod p : informers.cachedPods(uid)) {
            Pod old = pods.get(p.getMetadata().getUid());
            if (old == null || newer(p, old)) {
                pods.put(p.getMetadata().getUid(), p);
            }
        }
        seeded = true;
        return true;
    }

    // ---------------------------------------------------------------- events

    void onJob(Job j, boolean deleted) {
        if (uid == null || !uid.equals(j.getMetadata().getUid())) {
            return;
        }
        if (deleted) {
            jobDeleted = true;
        } else if (newer(j, job)) {
            job = j;
        }
        evaluate();
    }

    void onPod(Pod p, boolean deleted) {
        if (uid == null || !uid.equals(KubernetesBackend.ownerUid(p))) {
            return;
        }
        String key = p.getMetadata().getUid();
        if (deleted) {
            Pod old = pods.remove(key);
            if (old != null && phase == Phase.ACTIVE && !JobStatusMapper.isTerminal(old) && job != null
                    && JobStatusMapper.condition(job, "Complete") == null && JobStatusMapper.condition(job, "Failed") == null) {
                sink.info(JobStatusMapper.worker(old) + ": pod " + old.getMetadata().getName() + " was deleted");
            }
            for (ContainerLogStream s : streams.values()) {
                if (s.podUid.equals(key) && !s.isFinishing()) {
                    s.abandon();
                }
            }
        } else {
            Pod old = pods.get(key);
            if (old == null || newer(p, old)) {
                pods.put(key, p);
            }
        }
        evaluate();
    }

    void onInformerError(String kind, Throwable error) {
        if (phase == Phase.DONE || !informerErrorsReported.add(kind)) {
            return;
        }
        sink.info("Watching " + kind + " in namespace " + namespace + " failed (" + message(error) + "); retrying, and checking the job every "
                + options.reconcileInterval().toSeconds() + " s meanwhile");
    }

    void tick() {
        if (phase == Phase.ACTIVE) {
            evaluate();
        } else if (phase == Phase.STOPPING) {
            Instant now = Instant.now();
            if (lastStopPoll == null || !now.isBefore(lastStopPoll.plusSeconds(1))) {
                lastStopPoll = now;
                reconcile();
            }
        }
    }

    private record Snapshot(Job job, List<Pod> pods, String listVersion) {
    }

    private enum Recheck { NONE, REQUESTED, DONE }

    /** Re-reads the Job and its pods with GET/list: the safety net under the informers. */
    void reconcile() {
        if ((phase != Phase.ACTIVE && phase != Phase.STOPPING) || uid == null) {
            return;
        }
        if (reconcileInFlight) {
            reconcileAgain = true;
            return;
        }
        reconcileInFlight = true;
        boolean answersRecheck = failureRecheck == Recheck.REQUESTED;
        String name = jobName;
        int n = attempt;
        backend.io(() -> {
            Job j = backend.client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            PodList list = backend.client.pods().inNamespace(namespace).withLabel(KubernetesNames.JOB_LABEL, baseName)
                    .withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(n)).list();
            return new Snapshot(j, list.getItems(), list.getMetadata() == null ? null : list.getMetadata().getResourceVersion());
        }, (s, error) -> {
            reconcileInFlight = false;
            if (!name.equals(jobName)) {
                return; // an attempt ago
            }
            if (reconcileAgain) {
                reconcileAgain = false;
                backend.onControl(this::reconcile);
            }
            if (answersRecheck && failureRecheck == Recheck.REQUESTED) {
                failureRecheck = Recheck.DONE;
            }
            if (error != null) {
                if (!seeded) {
                    backend.onControlLater(this::reconcile, 1000); // the first look is needed before anything else
                } else if (answersRecheck) {
                    evaluate(); // the re-check could not be made: end with what is known rather than wait
                }
                return; // transient; the next round or the informers will tell
            }
            seeded = true;
            if (s.job() == null || !Objects.equals(uid, s.job().getMetadata().getUid())) {
                jobDeleted = true;
            } else if (newer(s.job(), job)) {
                job = s.job();
            }
            Set<String> seen = new HashSet<>();
            for (Pod p : s.pods()) {
                if (!Objects.equals(uid, KubernetesBackend.ownerUid(p))) {
                    continue;
                }
                seen.add(p.getMetadata().getUid());
                Pod old = pods.get(p.getMetadata().getUid());
                if (old == null || newer(p, old)) {
                    pods.put(p.getMetadata().getUid(), p);
                }
            }
            pods.entrySet().removeIf(e -> !seen.contains(e.getKey()) && olderThan(e.getValue(), s.listVersion()));
            evaluate();
        });
    }

    // ---------------------------------------------------------------- evaluation

    private void evaluate() {
        if (phase == Phase.STOPPING) {
            if ((job == null || jobDeleted) && pods.isEmpty()) {
                finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
            }
            return;
        }
        if (phase != Phase.ACTIVE || job == null || !seeded) {
            return;
        }
        if (jobDeleted) {
            String why = "the Kubernetes Job " + namespace + "/" + jobName + " was deleted outside modelarts-train";
            finish(JobStatus.TERMINATED, why, null, null, why, false);
            return;
        }
        Instant now = Instant.now();
        updateStreams(true);
        announceDisruptions();
        JobStatusMapper.Observation o = mapper.observe(job, pods.values(), hints, now);
        if (o.isFinal()) {
            if (o.status() == JobStatus.FAILED && o.worker() == null && failureRecheck != Recheck.DONE) {
                // The Job's Failed condition and its pods' last updates come through different watches, in either order, and
                // a watch can lag or fail: read the pods once more so that the reason names the worker and its exit code.
                if (failureRecheck == Recheck.NONE) {
                    failureRecheck = Recheck.REQUESTED;
                    reconcile();
                }
                return;
            }
            boolean retry = (o.status() == JobStatus.FAILED || (o.status() == JobStatus.ABNORMAL && o.retryable()));
            if (retry && attempt < maxAttempts && plan != null) {
                restart(o);
            } else {
                if (retry && attempt < maxAttempts) {
                    sink.info("Auto restart is not possible without the job's plan; attempt " + attempt + " is the last");
                }
                finish(o.status(), o.reason(), o.worker(), o.exitCode(), o.shortReason(), o.status() == JobStatus.ABNORMAL);
            }
            return;
        }
        report(o.status(), o.reason());
        fetchHints(o, now);
    }

    /** Reports a status; a changed Pending reason at most once per {@code pendingReasonInterval} (the ticker retries). */
    private void report(JobStatus status, String reason) {
        Instant now = Instant.now();
        if (status == reported) {
            if (Objects.equals(reason, reportedReason)) {
                return;
            }
            if (status == JobStatus.PENDING && reportedAt != null && now.isBefore(reportedAt.plus(options.pendingReasonInterval()))) {
                return;
            }
        }
        reported = status;
        reportedReason = reason;
        reportedAt = now;
        sink.status(status, reason);
    }

    private void announceDisruptions() {
        for (Pod p : pods.values()) {
            if ("Failed".equals(JobStatusMapper.phase(p)) && JobStatusMapper.isDisrupted(p) && announced.add(p.getMetadata().getUid())) {
                String why = JobStatusMapper.lossReason(p);
                sink.info(JobStatusMapper.worker(p) + ": pod " + p.getMetadata().getName() + " was evicted" + (why == null ? "" : " (" + why + ")")
                        + "; Kubernetes replaces it");
            }
        }
    }

    /** Reads events (or Kueue's Workload) to say why a pod or the Job waits; at most once per pending-reason interval. */
    private void fetchHints(JobStatusMapper.Observation o, Instant now) {
        if (o.status() != JobStatus.PENDING || hintsInFlight || (o.detailPod() == null && !o.suspended())) {
            return;
        }
        if (hintsFetchedAt != null && now.isBefore(hintsFetchedAt.plus(options.pendingReasonInterval()))) {
            return;
        }
        hintsInFlight = true;
        hintsFetchedAt = now;
        Pod pod = o.detailPod();
        String key = pod != null ? pod.getMetadata().getUid() : uid;
        String jobUid = uid;
        backend.io(() -> pod != null ? eventHint(pod) : kueueHint(jobUid), (text, error) -> {
            hintsInFlight = false;
            if (error == null && text != null) {
                hints.put(key, text);
            }
            evaluate();
        });
    }

    private String eventHint(Pod pod) {
        List<Event> events = backend.client.v1().events().inNamespace(namespace)
                .withField("involvedObject.uid", pod.getMetadata().getUid()).list().getItems();
        Event best = null;
        Instant bestAt = null;
        for (Event e : events) {
            if (e.getInvolvedObject() == null || !pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())) {
                continue;
            }
            Instant at = eventTime(e);
            boolean warning = "Warning".equals(e.getType());
            boolean bestWarning = best != null && "Warning".equals(best.getType());
            if (best == null || (warning && !bestWarning) || (warning == bestWarning && at != null && (bestAt == null || !at.isBefore(bestAt)))) {
                best = e;
                bestAt = at;
            }
        }
        if (best == null) {
            return null;
        }
        return (best.getReason() == null ? "" : best.getReason() + ": ") + (best.getMessage() == null ? "" : best.getMessage().trim());
    }

    @SuppressWarnings("unchecked")
    private String kueueHint(String jobUid) {
        try {
            List<GenericKubernetesResource> workloads = backend.client.genericKubernetesResources(KUEUE_WORKLOADS).inNamespace(namespace)
                    .withLabel("kueue.x-k8s.io/job-uid", jobUid).list().getItems();
            for (GenericKubernetesResource w : workloads) {
                Object status = w.getAdditionalProperties().get("status");
                if (!(status instanceof Map)) {
                    continue;
                }
                Object conditions = ((Map<String, Object>) status).get("conditions");
                if (!(conditions instanceof List)) {
                    continue;
                }
                for (Object c : (List<Object>) conditions) {
                    if (c instanceof Map<?, ?> m && ("QuotaReserved".equals(m.get("type")) || "Admitted".equals(m.get("type")))
                            && "False".equals(m.get("status")) && m.get("message") != null) {
                        return String.valueOf(m.get("message"));
                    }
                }
            }
        } catch (RuntimeException e) {
            // no Kueue, or no permission to read Workloads: the plain reason stays
        }
        return null;
    }

    private static Instant eventTime(Event e) {
        String t = e.getLastTimestamp();
        if (t == null && e.getEventTime() != null) {
            t = e.getEventTime().getTime();
        }
        if (t == null) {
            t = e.getFirstTimestamp();
        }
        if (t == null) {
            t = e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
        }
        return t == null ? null : LogLines.parseInstant(t);
    }

    // ---------------------------------------------------------------- logs

    /** Starts a stream for every started container instance that has none; follows them unless {@code follow} is false. */
    private void updateStreams(boolean follow) {
        List<Pod> sorted = new ArrayList<>(pods.values());
        sorted.sort(Comparator.comparingInt(JobStatusMapper::index).thenComparing(p -> p.getMetadata().getName()));
        for (Pod p : sorted) {
            for (String container : LOGGED_CONTAINERS) {
                boolean init = KubernetesNames.DOWNLOAD_CONTAINER.equals(container);
                ContainerStatus cs = JobStatusMapper.status(p, container, init);
                if (cs == null || cs.getState() == null) {
                    continue;
                }
                int rc = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                if (rc > 0) {
                    // the instance before a restart: read what is left of it (all of it, bounded, if it was never followed)
                    String prevKey = KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, rc - 1);
                    if (!streams.containsKey(prevKey)) {
                        ContainerLogStream prev = newStream(p, container, rc - 1);
                        streams.put(prevKey, prev);
                        if (!prev.isFinished() && follow) {
                            prev.finish(true).whenComplete((v, t) -> backend.onControl(this::evaluate));
                        }
                    }
                }
                String key = KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, rc);
                if (streams.containsKey(key)) {
                    continue;
                }
                if (cs.getState().getRunning() == null && cs.getState().getTerminated() == null) {
                    continue;
                }
                if (follow && earlierPending(p, container, rc)) {
                    continue; // the download's lines, and a restarted container's earlier lines, come first
                }
                ContainerLogStream s = newStream(p, container, rc);
                streams.put(key, s);
                if (follow && !s.isFinished()) {
                    s.follow(this::streamEnded);
                }
            }
        }
    }

    /** True while a stream whose lines come before this container instance's (in the same pod) is still being read. */
    private boolean earlierPending(Pod p, String container, int restartCount) {
        int order = LOGGED_CONTAINERS.indexOf(container);
        for (ContainerLogStream s : streams.values()) {
            if (!s.podUid.equals(p.getMetadata().getUid()) || s.isFinished()) {
                continue;
            }
            int o = LOGGED_CONTAINERS.indexOf(s.container);
            if (o < order || (o == order && s.restartCount < restartCount)) {
                return true;
            }
        }
        return false;
    }

    private ContainerLogStream newStream(Pod p, String container, int restartCount) {
        String key = KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, restartCount);
        return new ContainerLogStream(backend.client.getHttpClient(), backend.client.getMasterUrl().toString(), backend.pool, sink,
                options, namespace, p.getMetadata().getName(), p.getMetadata().getUid(), container, restartCount,
                JobStatusMapper.worker(p), resumeCursors.get(key));
    }

    /** A follow stream ended: reconnect while its container runs, otherwise read the rest and finish it. */
    private void streamEnded(ContainerLogStream s, Throwable error) {
        backend.onControl(() -> {
            if (s.isFinishing() || phase != Phase.ACTIVE) {
                return;
            }
            Pod p = pods.get(s.podUid);
            if (p == null) {
                s.abandon();
                evaluate();
                return;
            }
            ContainerStatus cs = JobStatusMapper.status(p, s.container, KubernetesNames.DOWNLOAD_CONTAINER.equals(s.container));
            int rc = cs == null || cs.getRestartCount() == null ? s.restartCount : cs.getRestartCount();
            boolean restarted = rc > s.restartCount;
            boolean ended = restarted || JobStatusMapper.isTerminal(p)
                    || (cs != null && cs.getState() != null && cs.getState().getTerminated() != null);
            if (ended) {
                s.finish(restarted).whenComplete((v, t) -> backend.onControl(this::evaluate));
                return;
            }
            if (error instanceof ContainerLogStream.LogRequestException e && e.code == 404) {
                s.abandon();
                return;
            }
            long min = options.reconnectMin().toMillis();
            long delay = Math.min(options.reconnectMax().toMillis(), min << Math.min(10, Math.max(0, s.failures() - 1)));
            backend.onControlLater(() -> {
                if (phase == Phase.ACTIVE && !s.isFinishing()) {
                    s.follow(this::streamEnded);
                }
            }, delay);
        });
    }

    /**
     * The end of an attempt: lists its pods once more (an informer may not have delivered a short-lived pod
     * yet; the Job and Pod informers are not ordered with each other), then reads the rest of every log.
     */
    private CompletableFuture<Void> finalLogs() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int n = attempt;
        String owner = uid;
        backend.io(() -> backend.client.pods().inNamespace(namespace).withLabel(KubernetesNames.JOB_LABEL, baseName)
                .withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(n)).list().getItems(), (list, error) -> {
            if (list != null && Objects.equals(owner, uid)) {
                for (Pod p : list) {
                    if (Objects.equals(owner, KubernetesBackend.ownerUid(p))) {
                        Pod old = pods.get(p.getMetadata().getUid());
                        if (old == null || newer(p, old)) {
                            pods.put(p.getMetadata().getUid(), p);
                        }
                    }
                }
            }
            updateStreams(false);
            finishStreams().whenComplete((v, t) -> done.complete(null));
        });
        return done;
    }

    /**
     * Reads the rest of every stream of the current attempt (bounded); completes when all are done. The
     * streams of one pod finish one after the other (download before train), pods in parallel.
     */
    private CompletableFuture<Void> finishStreams() {
        Map<String, CompletableFuture<Void>> chains = new java.util.LinkedHashMap<>();
        for (ContainerLogStream s : orderedStreams()) {
            if (s.isFinished()) {
                continue;
            }
            Pod p = pods.get(s.podUid);
            ContainerStatus cs = p == null ? null : JobStatusMapper.status(p, s.container, KubernetesNames.DOWNLOAD_CONTAINER.equals(s.container));
            boolean previous = cs != null && cs.getRestartCount() != null && cs.getRestartCount() > s.restartCount;
            CompletableFuture<Void> before = chains.get(s.podUid);
            chains.put(s.podUid, before == null ? s.finish(previous) : before.thenCompose(v -> s.finish(previous)));
        }
        long limit = options.finalReadTimeout().toMillis() * 2;
        return CompletableFuture.allOf(chains.values().toArray(new CompletableFuture<?>[0])).orTimeout(limit, TimeUnit.MILLISECONDS)
                .exceptionally(t -> null);
    }

    private List<ContainerLogStream> orderedStreams() {
        List<ContainerLogStream> list = new ArrayList<>(streams.values());
        list.sort(Comparator.comparing((ContainerLogStream s) -> s.worker.length()).thenComparing(s -> s.worker)
                .thenComparing(s -> s.podName).thenComparingInt(s -> LOGGED_CONTAINERS.indexOf(s.container))
                .thenComparingInt(s -> s.restartCount));
        return list;
    }

    /** {@code logs NAME} without follow: reads what the cluster has for every worker, in worker order, then completes. */
    void printOnce() {
        phase = Phase.FINISHING;
        String name = resumeHandle.kubernetesName();
        backend.io(() -> {
            Job j = backend.client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            return new Snapshot(j, j == null ? List.of() : backend.podsOf(j), null);
        }, (s, error) -> {
            if (error != null || s.job() == null) {
                completion.completeExceptionally(error != null ? error : new JobNotFoundException(namespace, name));
                return;
            }
            job = s.job();
            for (Pod p : s.pods()) {
                pods.put(p.getMetadata().getUid(), p);
            }
            // every started container, download before train
            List<Pod> sorted = new ArrayList<>(pods.values());
            sorted.sort(Comparator.comparingInt(JobStatusMapper::index).thenComparing(p -> p.getMetadata().getName()));
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Pod p : sorted) {
                for (String container : LOGGED_CONTAINERS) {
                    ContainerStatus cs = JobStatusMapper.status(p, container, KubernetesNames.DOWNLOAD_CONTAINER.equals(container));
                    if (cs == null || cs.getState() == null || (cs.getState().getRunning() == null && cs.getState().getTerminated() == null)) {
                        continue;
                    }
                    int rc = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                    ContainerLogStream st = newStream(p, container, rc);
                    streams.put(st.key(), st);
                    chain = chain.thenCompose(v -> st.finish(false));
                }
            }
            chain.whenComplete((v, t) -> backend.onControl(() -> {
                JobStatusMapper m = new JobStatusMapper(nodes, null, Duration.ofDays(365), Duration.ofDays(365));
                JobStatusMapper.Observation o = m.observe(job, pods.values(), Map.of(), Instant.now());
                phase = Phase.DONE;
                completion.complete(new JobResult(o.status(), attempt, o.worker(), o.exitCode(), o.isFinal() ? o.shortReason() : o.reason(),
                        Duration.ofMillis(Math.max(0, System.currentTimeMillis() - submittedAt))));
            }));
        });
    }

    // ---------------------------------------------------------------- endings

    /** What is left of the job's auto stop, counted from its submission over every attempt; null when it has none. */
    private Duration remainingAutoStop() {
        if (plan == null || plan.deadline() == null) {
            return null;
        }
        return plan.deadline().minusMillis(Math.max(0, System.currentTimeMillis() - submittedAt));
    }

    private void restart(JobStatusMapper.Observation failed) {
        phase = Phase.RESTARTING;
        int failedAttempt = attempt;
        String failedName = jobName;
        finalLogs().whenComplete((v, t) -> backend.onControl(() -> {
            if (phase != Phase.RESTARTING) {
                return; // stopped meanwhile
            }
            String attemptEnded = "Attempt " + failedAttempt + " of " + maxAttempts + " "
                    + failed.status().displayName().toLowerCase(java.util.Locale.ROOT) + ": " + failed.reason() + ". ";
            Duration left = remainingAutoStop();
            if (left != null && left.getSeconds() < 1) {
                // auto stop counts over every attempt: no time left for another one
                String what = JobStatusMapper.autoStop(plan.deadline().toSeconds());
                sink.info(attemptEnded + "No auto restart: the job's maximum running duration is used up");
                finish(JobStatus.TERMINATED, what + JobStatusMapper.AUTO_STOP_DETAIL, null, null, what, false);
                return;
            }
            sink.info(attemptEnded + "Auto restart: running the whole job again");
            backend.io(() -> {
                backend.deleteJob(namespace, failedName, baseName, failedAttempt, null);
                return createAttempt(failedAttempt + 1);
            }, (s, error) -> {
                if (phase != Phase.RESTARTING && phase != Phase.STOPPING) {
                    return;
                }
                if (error != null) {
                    if (phase == Phase.STOPPING) {
                        finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
                    } else {
                        finish(failed.status(), failed.reason() + "; auto restart failed: " + message(error), failed.worker(),
                                failed.exitCode(), failed.shortReason(), false);
                    }
                    return;
                }
                streams.clear();
                resumeCursors.clear();
                pods.clear();
                hints.clear();
                announced.clear();
                failureRecheck = Recheck.NONE;
                hintsFetchedAt = null;
                reported = null;
                sink.info("Attempt " + (failedAttempt + 1) + " of " + maxAttempts + ": Kubernetes Job " + namespace + "/"
                        + s.job().getMetadata().getName());
                adopt(s.job());
            });
        }));
    }

    private void doStop(String reason) {
        if (phase == Phase.DONE || phase == Phase.FINISHING || phase == Phase.STOPPING) {
            return;
        }
        Phase was = phase;
        phase = Phase.STOPPING;
        stopReason = reason == null || reason.isBlank() ? "stopped by user" : reason;
        report(JobStatus.TERMINATING, stopReason);
        for (ContainerLogStream s : streams.values()) {
            s.close();
        }
        if (was == Phase.ACTIVE || (was == Phase.NEW && uid != null)) {
            issueStopDeletes();
        }
        // SUBMITTING / RESTARTING: the creation in flight sees STOPPING and deletes what it created
        backend.onControlLater(() -> {
            if (phase == Phase.STOPPING) {
                finish(JobStatus.TERMINATED, stopReason, null, null, stopReason + " (pods may still be terminating)", false);
            }
        }, options.stopTimeout().toMillis());
    }

    private void issueStopDeletes() {
        String name = jobName;
        int n = attempt;
        backend.io(() -> {
            backend.deleteJob(namespace, name, baseName, n, options.stopGracePeriodSeconds());
            return null;
        }, (v, error) -> {
            if (error != null) {
                sink.info("Stopping: deleting Kubernetes Job " + namespace + "/" + name + " failed: " + message(error));
            }
            reconcile();
        });
    }

    /**
     * Ends the job: reads the last log lines (not after a stop: the pods are going), reports the final
     * status and completes {@link #completion()}.
     */
    private void finish(JobStatus status, String reason, String worker, Integer exitCode, String resultReason, boolean deleteJob) {
        if (phase == Phase.FINISHING || phase == Phase.DONE) {
            return;
        }
        Phase was = phase;
        phase = Phase.FINISHING;
        CompletableFuture<Void> logs;
        if (was == Phase.STOPPING || was == Phase.SUBMITTING || was == Phase.NEW) {
            for (ContainerLogStream s : streams.values()) {
                s.close();
            }
            logs = CompletableFuture.completedFuture(null);
        } else {
            logs = finalLogs();
        }
        String name = jobName;
        int n = attempt;
        logs.whenComplete((v, t) -> backend.onControl(() -> {
            if (deleteJob && uid != null) {
                backend.io(() -> {
                    backend.deleteJob(namespace, name, baseName, n, null);
                    return null;
                }, (x, e) -> {
                });
            }
            phase = Phase.DONE;
            sink.status(status, reason);
            backend.unregister(this);
            completion.complete(new JobResult(status, attempt, worker, exitCode, resultReason,
                    Duration.ofMillis(Math.max(0, System.currentTimeMillis() - submittedAt))));
        }));
    }

    /** Stops watching; the job keeps running in the cluster. */
    void detachNow() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        for (ContainerLogStream s : streams.values()) {
            s.close();
        }
        backend.unregister(this);
        completion.completeExceptionally(new CancellationException("detached from job " + modelartsName + "; it keeps running in the cluster"));
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isFinished(Job j) {
        return JobStatusMapper.condition(j, "Complete") != null || JobStatusMapper.condition(j, "Failed") != null;
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    /** True when {@code a} is at least as new as {@code b} (numeric resourceVersions), or when that cannot be told. */
    static boolean newer(HasMetadata a, HasMetadata b) {
        if (b == null) {
            return true;
        }
        Long ra = version(a.getMetadata().getResourceVersion());
        Long rb = version(b.getMetadata().getResourceVersion());
        return ra == null || rb == null || ra >= rb;
    }

    private static boolean olderThan(HasMetadata o, String listVersion) {
        Long r = version(o.getMetadata().getResourceVersion());
        Long l = version(listVersion);
        return r == null || l == null || r < l;
    }

    private static Long version(String rv) {
        if (rv == null) {
            return null;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String message(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + (k.getCode() > 0 ? " (HTTP " + k.getCode() + ")" : "");
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    /** A sink that never throws back into the backend. */
    private static JobEventSink safe(JobEventSink delegate) {
        return new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                try {
                    delegate.status(status, reason);
                } catch (RuntimeException e) {
                    // a sink never throws into the backend
                }
            }

            @Override
            public void log(String worker, String line) {
                try {
                    delegate.log(worker, line);
                } catch (RuntimeException e) {
                    // see status
                }
            }

            @Override
            public void logLines(String worker, byte[] utf8, int from, int to) {
                try {
                    delegate.logLines(worker, utf8, from, to);
                } catch (RuntimeException e) {
                    // see status
                }
            }

            @Override
            public void info(String message) {
                try {
                    delegate.info(message);
                } catch (RuntimeException e) {
                    // see status
                }
            }
        };
    }
}

package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.WorkerPrefixSink;
import io.modelarts.train.plan.JobPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One submitted job as this backend watches it, through all its attempts: it submits or re-attaches, takes the
 * informers' events, decides what the job's status is, restarts a failed attempt, stops and ends it. The pods are
 * kept by {@link AttemptPods}, the logs followed by {@link JobLogs}, the reasons of a wait read by
 * {@link PendingHints}, the attempts created by {@link AttemptCreator}.
 *
 * <p>Every method except the {@link RunningJob} ones runs on the backend's control thread, so the state below needs
 * no locks; the log streams and the handle are read from other threads and are thread-safe. Two exceptions, both
 * about submitting: {@link #submit} runs on the caller's thread before the job is shared with any other, and the
 * create's outcome is announced to the sink from the thread that received it ({@link SubmitAnnouncement}).
 */
final class KubeJob implements RunningJob {

    private static final Logger LOG = LoggerFactory.getLogger(KubeJob.class);
    /** How long {@link #detach()} waits for the control thread. */
    private static final long DETACH_WAIT_SECONDS = 10;

    private enum Phase { NEW, SUBMITTING, ACTIVE, RESTARTING, STOPPING, FINISHING, DONE }

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
    private final AttemptState state;
    private final JobLogs logs;
    private final PendingHints hints;
    private final StatusReports statuses;
    private final AttemptCreator attempts;
    private final SubmitAnnouncement announcement;

    // read by handle() from any thread
    private volatile int attempt = 1;
    private volatile String jobName;
    private volatile String uid;
    /** Set when a stop ended the job at its timeout, before the Job and its pods were seen gone. */
    private volatile boolean stopTimedOut;

    // control thread only
    private Phase phase = Phase.NEW;
    private JobStatusMapper mapper;
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
        Map<String, LogCursor> cursors = Map.of();
        if (handle != null) {
            this.modelartsName = handle.jobName();
            this.baseName = handle.baseName();
            this.nodes = Math.max(1, handle.nodes());
            this.maxAttempts = Math.max(1, handle.maxAttempts());
            this.submittedAt = handle.submittedAtMillis();
            this.attempt = handle.attempt();
            this.jobName = handle.kubernetesName();
            this.uid = handle.uid();
            cursors = handle.logCursors();
        } else {
            this.modelartsName = plan.jobName();
            this.baseName = KubernetesNames.jobName(modelartsName, plan.submissionKey());
            this.nodes = Math.max(1, plan.nodes());
            this.maxAttempts = Math.max(1, plan.attempts());
            this.submittedAt = System.currentTimeMillis();
            this.jobName = baseName;
        }
        this.sink = new GuardedSink(WorkerPrefixSink.forNodes(sink == null ? JobEventSink.NONE : sink, nodes), modelartsName);
        this.announcement = new SubmitAnnouncement(this.sink);
        this.state = new AttemptState(backend, namespace, baseName, () -> phase == Phase.ACTIVE || phase == Phase.STOPPING, this::evaluate);
        if (handle != null) {
            state.expect(jobName, uid, attempt);
        }
        this.logs = new JobLogs(backend, namespace, this.sink, state.pods(), cursors, () -> phase == Phase.ACTIVE, this::evaluate);
        this.statuses = new StatusReports(this.sink, options.pendingReasonInterval());
        this.hints = new PendingHints(backend, namespace, this::evaluate);
        this.attempts = new AttemptCreator(backend, plan, namespace, baseName, this::remainingAutoStop);
    }

    String jobName() {
        return modelartsName;
    }

    /** True when a stop ended the job at the stop timeout, before the cluster showed its Job and pods gone. */
    boolean stopTimedOut() {
        return stopTimedOut;
    }

    // ---------------------------------------------------------------- RunningJob

    @Override
    public KubernetesJobHandle handle() {
        return new KubernetesJobHandle(modelartsName, namespace, baseName, jobName, uid, attempt, maxAttempts, nodes, submittedAt,
                logs.cursors());
    }

    @Override
    public CompletableFuture<JobResult> completion() {
        return completion;
    }

    @Override
    public void stop(String reason) {
        backend.onControl(() -> doStop(reason));
    }

    /**
     * Stops watching; returns once no more event reaches the sink (so a handle taken afterwards is exact). When the
     * control thread does not answer in time, or the caller is interrupted, that is logged (and the interrupt kept).
     */
    @Override
    public void detach() {
        if (backend.onControlThread()) {
            detachNow();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!backend.onControl(() -> {
            detachNow();
            done.complete(null);
        })) {
            return; // the backend is closed: closing detached every job already
        }
        try {
            done.get(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Interrupted while detaching from job {}; its events may still reach the sink for a moment", modelartsName);
        } catch (TimeoutException e) {
            LOG.warn("Detaching from job {} timed out after {} s (the backend's control thread is busy); its events may still reach the "
                    + "sink, and a handle taken now may miss the newest log lines", modelartsName, DETACH_WAIT_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("Detaching from job {} failed", modelartsName, e.getCause());
        }
    }

    // ---------------------------------------------------------------- submit and attach

    /**
     * A new job: find an earlier submission of it or create attempt 1 (as {@code rendered}). Runs on the caller's
     * thread, before any other thread knows the job: when the namespace's caches can decide, it sends the create
     * itself without waiting for it, else it hands the work to an I/O thread; it hands the registration to the control
     * thread, where the outcome is queued after it.
     *
     * @throws IllegalStateException when the backend is closed
     */
    void submit(KubernetesRenderer.FirstAttempt rendered) {
        attempts.renderedFirstAttempt(rendered);
        phase = Phase.SUBMITTING;
        statuses.report(JobStatus.CREATING, null);
        // the caches as they are now; a namespace's first job finds none and lists (as it would while they sync)
        NamespaceInformers informers = backend.startedInformers(namespace);
        CompletableFuture<AttemptCreator.Outcome> decided = attempts.fromCache(informers);
        // registered once the create is on its way, so that the control thread does not compete with it for a core; the
        // outcome is queued there behind the registration, as it is only handed on from here on
        if (!backend.onControl(() -> backend.register(this))) {
            throw new IllegalStateException("the Kubernetes backend is closed");
        }
        if (decided != null) {
            // no thread of ours waits for the create: its outcome is announced where the HTTP client reads it
            decided.whenComplete((outcome, error) -> {
                if (outcome != null) {
                    announce(outcome);
                }
                backend.onControl(() -> onSubmitted(outcome, error));
            });
            return;
        }
        backend.io(() -> {
            AttemptCreator.Outcome outcome = attempts.findOrCreate(informers);
            announce(outcome);
            return outcome;
        }, this::onSubmitted);
    }

    /** Says what the submission found or created on the thread that learnt it, without waiting for the control thread. */
    private void announce(AttemptCreator.Outcome s) {
        if (s.job() != null) {
            String name = s.job().getMetadata().getName();
            announcement.say(s.existing() ? "Job " + modelartsName + " was already submitted (Kubernetes Job " + namespace + "/" + name
                    + "); following it" : "Created Kubernetes Job " + namespace + "/" + name);
        }
    }

    private void onSubmitted(AttemptCreator.Outcome s, Throwable error) {
        if (phase == Phase.DONE || phase == Phase.FINISHING) {
            return;
        }
        if (error != null) {
            if (phase == Phase.STOPPING) {
                finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
            } else {
                LOG.warn("Creating the Kubernetes Job {} in namespace {} failed", jobName, namespace, error);
                String why = "could not create the Kubernetes Job " + jobName + " in namespace " + namespace + ": " + ApiErrors.message(error);
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
        adopt(s.job()); // announced already
    }

    /** Re-attaches from a handle: the handle's Job, or a later attempt of the same job. */
    void attachFromHandle() {
        phase = Phase.SUBMITTING;
        backend.register(this);
        String name = resumeHandle.kubernetesName();
        backend.io(() -> {
            Job j = backend.jobs.get(namespace, name);
            if (j == null || !JobObjects.isOurs(j)) {
                j = JobObjects.latestOf(backend.jobs.listAttempts(namespace, baseName)).orElse(null);
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
                LOG.warn("Reading the Kubernetes Job {}/{} failed", namespace, name, error);
                String why = "cannot read the Kubernetes Job " + namespace + "/" + name + ": " + ApiErrors.message(error);
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
                sink.info("Job " + modelartsName + " moved on to attempt " + JobObjects.attemptOf(j) + " (" + j.getMetadata().getName() + ")");
            }
            adopt(j);
        });
    }

    /** Starts following {@code j} as the current attempt. */
    private void adopt(Job j) {
        attempt = JobObjects.attemptOf(j);
        jobName = j.getMetadata().getName();
        uid = j.getMetadata().getUid();
        backend.route(this, jobName, uid);
        state.adopt(j, attempt);
        mapper = new JobStatusMapper(nodes, JobObjects.labels(j).get(KubernetesNames.KUEUE_QUEUE_LABEL), options.abnormalAfter(),
                options.lostPodTimeout());
        if (phase == Phase.STOPPING) {
            issueStopDeletes();
            return;
        }
        phase = Phase.ACTIVE;
        if (!state.seedFromCache()) {
            state.reconcile();
        }
        evaluate();
    }

    // ---------------------------------------------------------------- events

    void onJob(Job j, boolean deleted) {
        if (state.onJob(j, deleted)) {
            evaluate();
        }
    }

    void onPod(Pod p, boolean deleted) {
        if (!state.owns(p)) {
            return;
        }
        AttemptPods pods = state.pods();
        String key = p.getMetadata().getUid();
        if (deleted) {
            Pod old = pods.remove(key);
            if (old != null && phase == Phase.ACTIVE && !JobStatusMapper.isTerminal(old) && state.job() != null
                    && !JobObjects.isFinished(state.job())) {
                sink.info(JobStatusMapper.worker(old) + ": pod " + old.getMetadata().getName() + " was deleted");
            }
            logs.abandonPod(key);
        } else {
            pods.offer(p);
        }
        evaluate();
    }

    void onInformerError(String kind, Throwable error) {
        if (phase == Phase.DONE || !informerErrorsReported.add(kind)) {
            return;
        }
        sink.info("Watching " + kind + " in namespace " + namespace + " failed (" + ApiErrors.message(error) + "); retrying, and checking the job every "
                + options.reconcileInterval().toSeconds() + " s meanwhile");
    }

    void tick() {
        if (phase == Phase.ACTIVE) {
            evaluate();
        } else if (phase == Phase.STOPPING) {
            Instant now = Instant.now();
            if (lastStopPoll == null || !now.isBefore(lastStopPoll.plusSeconds(1))) {
                lastStopPoll = now;
                state.reconcile();
            }
        }
    }

    /** What the namespace's periodic lists update: the current attempt's Job and pods. */
    NamespaceSweep.Target sweepTarget() {
        return state;
    }

    // ---------------------------------------------------------------- evaluation

    private void evaluate() {
        if (phase == Phase.STOPPING) {
            if ((state.job() == null || state.jobDeleted()) && state.pods().isEmpty()) {
                finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
            }
            return;
        }
        if (phase != Phase.ACTIVE || state.job() == null || !state.seeded()) {
            return;
        }
        if (state.jobDeleted()) {
            String why = "the Kubernetes Job " + namespace + "/" + jobName + " was deleted outside modelarts-train";
            finish(JobStatus.TERMINATED, why, null, null, why, false);
            return;
        }
        Instant now = Instant.now();
        logs.update(true);
        announceDisruptions();
        JobStatusMapper.Observation o = mapper.observe(state.job(), state.pods().all(), hints.texts(), now);
        if (o.isFinal()) {
            if (o.status() == JobStatus.FAILED && o.worker() == null && !state.failureRechecked()) {
                return; // a fresh list of the pods is on its way, so that the reason can name the worker and its exit code
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
        statuses.report(o.status(), o.reason());
        hints.fetch(o, uid, now);
    }

    private void announceDisruptions() {
        for (Pod p : state.pods().all()) {
            if ("Failed".equals(JobStatusMapper.phase(p)) && JobStatusMapper.isDisrupted(p) && announced.add(p.getMetadata().getUid())) {
                String why = JobStatusMapper.lossReason(p);
                sink.info(JobStatusMapper.worker(p) + ": pod " + p.getMetadata().getName() + " was evicted" + (why == null ? "" : " (" + why + ")")
                        + "; Kubernetes replaces it");
            }
        }
    }

    // ---------------------------------------------------------------- logs at the end of an attempt

    /**
     * The end of an attempt: lists its pods once more (an informer may not have delivered a short-lived pod
     * yet; the Job and Pod informers are not ordered with each other), then reads the rest of every log.
     */
    private CompletableFuture<Void> finalLogs() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int n = attempt;
        String owner = uid;
        backend.io(() -> HeldObjects.reducePods(backend.client.pods().inNamespace(namespace).withLabel(KubernetesNames.JOB_LABEL, baseName)
                .withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(n)).list().getItems()), (list, error) -> {
            if (error != null) {
                // the streams known so far are still read to their end
                LOG.warn("Listing the pods of the Kubernetes Job {}/{} at its end failed", namespace, jobName, error);
            } else if (Objects.equals(owner, uid)) {
                state.pods().offerAll(list, owner);
                announceDisruptions(); // an eviction the pod watch missed (broken, or faster than the sweep) is still told
            }
            logs.update(false);
            logs.finishAll().whenComplete((v, t) -> done.complete(null));
        });
        return done;
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
                    + failed.status().displayName().toLowerCase(Locale.ROOT) + ": " + failed.reason() + ". ";
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
                backend.jobs.deleteJob(namespace, failedName, baseName, failedAttempt, null);
                return attempts.create(failedAttempt + 1);
            }, (s, error) -> {
                if (phase != Phase.RESTARTING && phase != Phase.STOPPING) {
                    return;
                }
                if (error != null) {
                    if (phase == Phase.STOPPING) {
                        finish(JobStatus.TERMINATED, stopReason, null, null, stopReason, false);
                    } else {
                        LOG.warn("Auto restart of job {} (attempt {}) failed", modelartsName, failedAttempt + 1, error);
                        finish(failed.status(), failed.reason() + "; auto restart failed: " + ApiErrors.message(error), failed.worker(),
                                failed.exitCode(), failed.shortReason(), false);
                    }
                    return;
                }
                logs.reset();
                state.forget();
                hints.clear();
                announced.clear();
                statuses.forget();
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
        statuses.report(JobStatus.TERMINATING, stopReason);
        logs.closeAll();
        if (was == Phase.ACTIVE || (was == Phase.NEW && uid != null)) {
            issueStopDeletes();
        }
        // SUBMITTING / RESTARTING: the creation in flight sees STOPPING and deletes what it created
        backend.onControlLater(() -> {
            if (phase == Phase.STOPPING) {
                stopTimedOut = true;
                LOG.warn("Stopping job {}: its Kubernetes Job {}/{} or pods were still there after the stop timeout ({} s)", modelartsName,
                        namespace, jobName, options.stopTimeout().toSeconds());
                finish(JobStatus.TERMINATED, stopReason, null, null, stopReason + " (pods may still be terminating)", false);
            }
        }, options.stopTimeout().toMillis());
    }

    private void issueStopDeletes() {
        String name = jobName;
        int n = attempt;
        backend.io(() -> {
            backend.jobs.deleteJob(namespace, name, baseName, n, options.stopGracePeriodSeconds());
            return null;
        }, (v, error) -> {
            if (error != null) {
                LOG.warn("Stopping: deleting the Kubernetes Job {}/{} failed", namespace, name, error);
                sink.info("Stopping: deleting Kubernetes Job " + namespace + "/" + name + " failed: " + ApiErrors.message(error));
            }
            state.reconcile();
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
        announcement.silence();
        CompletableFuture<Void> ended;
        if (was == Phase.STOPPING || was == Phase.SUBMITTING || was == Phase.NEW) {
            logs.closeAll();
            ended = CompletableFuture.completedFuture(null);
        } else {
            ended = finalLogs();
        }
        String name = jobName;
        int n = attempt;
        ended.whenComplete((v, t) -> backend.onControl(() -> {
            if (deleteJob && uid != null) {
                backend.io(() -> {
                    backend.jobs.deleteJob(namespace, name, baseName, n, null);
                    return null;
                }, (x, e) -> {
                    if (e != null) {
                        // the Job stays until its ttlSecondsAfterFinished
                        LOG.warn("Deleting the ended Kubernetes Job {}/{} failed", namespace, name, e);
                    }
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
        announcement.silence();
        logs.closeAll();
        backend.unregister(this);
        completion.completeExceptionally(new CancellationException("detached from job " + modelartsName + "; it keeps running in the cluster"));
    }
}

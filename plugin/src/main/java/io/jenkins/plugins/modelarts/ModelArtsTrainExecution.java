package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.kubernetes.KubernetesJobHandle;
import io.modelarts.train.engine.EngineException;
import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.storage.ObjectStore;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * The running {@code modelartsTrain} step: its own asynchronous {@link StepExecution} (the {@code sh} model, not
 * {@code SynchronousNonBlockingStepExecution}, which cannot resume).
 *
 * <ul>
 *   <li>{@link #start()} runs on the CPS VM thread: it captures the build's authentication, schedules the work on
 *       the plugin's small bounded pool and returns {@code false}. No I/O.</li>
 *   <li>In the background: load and check the job, resolve credentials in the build's context, lease the cluster's
 *       cached backend, submit through {@link TrainingRun#start} (idempotent: the Kubernetes name derives from the
 *       job name and the submission key {@code <run externalizable id>#<flow node id>}), persist the job handle
 *       with {@code saveState()} and in the build's log cursor file, and register a callback on
 *       {@link TrainingRun#outcome()}. Waiting holds no thread:
 *       the engine's backend streams every worker's log into the console (secrets masked) from its shared threads.</li>
 *   <li>The handle (namespace, names, uid, attempt and the log cursor of every container) goes into the program
 *       ({@code saveState()}) only when it names another Kubernetes Job (submission, a new attempt): in
 *       "performance-optimized" durability that call does nothing, in "max survivability" it rewrites the whole
 *       program. The moving log cursor goes into a small file of the build instead ({@link LogCursorFile}), rewritten
 *       every {@link #cursorIntervalMillis} while lines arrive.</li>
 *   <li>A Jenkins shutdown detaches the step first ({@link StepShutdown}, from {@code ItemListener.onBeforeShutdown()},
 *       before the program is saved): the job keeps running, the handle and the cursor file are written where the
 *       console stands, and nothing is archived or failed. {@code isTerminating()} is never consulted: Jenkins sets
 *       it only after the program was saved.</li>
 *   <li>{@link #onResume()} rebuilds the transient parts, takes the newer of the program's handle and the cursor
 *       file's, and re-attaches with {@link TrainingRun#attach}: no second job, the log continues at the cursor (after
 *       a clean restart no line is lost or repeated; after a crash lines of the last {@link #cursorIntervalMillis} at
 *       most are printed again, never lost). It runs as the user who started the step (the user id is persisted and
 *       impersonated), so priority 3 is checked for that user. A job that is gone fails the step with the engine's
 *       "no longer exists" reason.</li>
 *   <li>{@link #stop(Throwable)} deletes the Kubernetes job (the engine deletes it with its pods) and completes the
 *       step with the cause once the backend confirms, or after {@link #STOP_TIMEOUT_MILLIS} at the latest.</li>
 *   <li>When the job ends: the artifacts (effective spec, per-worker logs, collected outputs) are copied into
 *       {@code modelarts/<job>/} of the workspace when there is one and archived in every case; Completed completes
 *       the step with the result map, Failed/Abnormal/Terminated fail it with a message naming status, worker, exit
 *       code and reason. The context is completed exactly once.</li>
 * </ul>
 */
public final class ModelArtsTrainExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(ModelArtsTrainExecution.class.getName());

    /** How long {@link #stop} waits for the backend to confirm before it completes the step anyway. */
    static long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(20);
    /** How often the log cursor file is rewritten while lines arrive: after a crash, at most this much is repeated. */
    static long cursorIntervalMillis = TimeUnit.SECONDS.toMillis(3);

    // ---------------------------------------------------------------- persisted (small)
    private final StepRequest request;
    private String submissionKey;
    private String backendName;
    private String jobName;
    private Map<String, Object> resolvedTree;
    private String baseDir;
    /** Controller folder the engine writes the artifacts into (Kubernetes backend). */
    private String stagingDir;
    /** The job handle in Java serialization form (see {@link #handle}); what is persisted. */
    private volatile byte[] handleState;
    /** Counts changes of the handle; the cursor file records it too, so that resume takes the newer of both. */
    private volatile long handleSeq;
    /** Who started the step ({@code Authentication.getName()}); impersonated again after a restart. */
    private String userId;
    /** The baseline build's number once looked up (0: none yet), so that a resumed step compares with the same build. */
    private Integer baselineBuild;
    private volatile String status = "waiting to start";
    private volatile boolean completed;

    // ---------------------------------------------------------------- transient (rebuilt after a restart)
    /**
     * The job handle (namespace, names, uid, attempt, log cursors). Kept transient and persisted as
     * {@link #handleState} bytes: the engine's handles are records, and Pipeline's JBoss Marshalling only recently
     * learnt records, while plain Java serialization always could.
     */
    private transient volatile JobHandle handle;
    private transient volatile TrainingRun run;
    private transient volatile Throwable stopCause;
    /** Set once Jenkins announced its shutdown: from then on the step neither archives nor completes. */
    private transient volatile boolean detachedForShutdown;
    private transient volatile boolean archiving;
    private transient volatile Future<?> task;
    private transient volatile ScheduledFuture<?> cursorTicker;
    private transient volatile ScheduledFuture<?> stopFallback;
    private transient volatile JobHandle cursorWritten;
    private transient volatile ClientCache.Lease lease;
    private transient volatile ObjectStore store;
    private transient volatile List<String> secrets;
    /** The object store's connection (controller only): presigns the agent's transfers. */
    private transient volatile S3Access s3;
    private transient Authentication authentication;
    private transient Executor executor;

    ModelArtsTrainExecution(@NonNull StepContext context, @NonNull StepRequest request) {
        super(context);
        this.request = Objects.requireNonNull(request);
        this.executor = Background.work();
    }

    /** Test hook: runs the background work on {@code e} instead of the plugin's pool. */
    void useExecutor(Executor e) {
        this.executor = e;
    }

    private Executor executor() {
        Executor e = executor;
        return e != null ? e : Background.work();
    }

    // ---------------------------------------------------------------- StepExecution

    @Override
    public boolean start() {
        authentication = Jenkins.getAuthentication2();
        userId = authentication.getName();
        status = "submitting";
        task = submit(this::launch);
        return false;
    }

    @Override
    public void onResume() {
        if (completed) {
            return;
        }
        status = "resuming";
        authentication = StepUser.impersonate(userId);
        task = submit(this::resume);
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        synchronized (this) {
            if (stopCause == null) {
                stopCause = cause;
            }
            if (completed) {
                return;
            }
        }
        TrainingRun r = run;
        TaskListener listener = listener();
        if (r != null) {
            print(listener, Messages.ModelArtsTrainExecution_Stopping(jobName));
            status = "stopping";
            // off the CPS VM thread: no client call (or thread it starts) should inherit the script's class loader
            executor().execute(() -> {
                try {
                    r.stop(Messages.ModelArtsTrainExecution_Aborted());
                } catch (RuntimeException e) {
                    LOGGER.log(Level.WARNING, "stopping " + jobName + " failed", e);
                }
            });
        } else {
            Future<?> t = task;
            boolean local = JobSetup.LOCAL.equals(backendName);
            if (t != null) {
                // a local job is interrupted (it stops its process tree); a Kubernetes submission still queued is
                // dropped, and one under way sees stopCause and deletes what it submitted (follow())
                t.cancel(local);
            }
            if (!local || t == null) {
                fail(cause);
                return;
            }
        }
        scheduleStopFallback(cause);
    }

    @Override
    public String getStatus() {
        String name = jobName;
        JobHandle h = handle;
        StringBuilder s = new StringBuilder();
        s.append(name == null ? "ModelArts job" : "ModelArts job " + name).append(": ").append(status);
        if (h instanceof KubernetesJobHandle k) {
            s.append(" (Kubernetes Job ").append(k.namespace()).append('/').append(k.kubernetesName())
                    .append(", attempt ").append(k.attempt()).append(')');
        }
        return s.toString();
    }

    @Override
    public boolean blocksRestart() {
        // archiving copies files and cannot be resumed half-way; waiting for the job can
        return archiving;
    }

    // ---------------------------------------------------------------- background work

    private Future<?> submit(Runnable body) {
        Authentication as = authentication;
        Runnable work = () -> {
            // as SynchronousNonBlockingStepExecution does: the background work runs as the step's user
            try (ACLContext c = ACL.as2(as == null ? Jenkins.ANONYMOUS2 : as)) {
                body.run();
            }
        };
        Executor e = executor();
        if (e instanceof java.util.concurrent.ExecutorService es) {
            return es.submit(work);
        }
        java.util.concurrent.FutureTask<Void> f = new java.util.concurrent.FutureTask<>(work, null);
        e.execute(f);
        return f;
    }

    /** Loads, checks, submits, and registers the completion callback. */
    private void launch() {
        try {
            StepContext ctx = getContext();
            Run<?, ?> build = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            FilePath ws = ctx.get(FilePath.class);
            FlowNode node = ctx.get(FlowNode.class);
            if (submissionKey == null) {
                submissionKey = SubmissionKeys.forStep(build, node == null ? "step" : node.getId());
            }
            JobSetup.Prepared p = JobSetup.prepare(request, build, ws, listener, authentication, submissionKey);
            GateResult.parse(request.gateResult()); // a wrong value is refused before anything runs
            secrets = p.secrets;
            backendName = p.backend;
            jobName = p.jobName();
            resolvedTree = p.tree;
            baseDir = p.baseDir;
            BuildBaseline baseline = baseline(build, p.plan, listener);
            ctx.saveState();
            if (stopCause != null) {
                fail(stopCause);
                return;
            }
            if (p.isLocal()) {
                runLocal(p, build, listener, ws, baseline);
                return;
            }
            File staging = new File(new File(build.getRootDir(), "modelarts-train"), safe(submissionKey));
            stagingDir = staging.getAbsolutePath();
            print(listener, Messages.ModelArtsTrainExecution_Submitting(jobName, p.cluster.getName()));
            ClientCache.Lease l = ClientCache.get().lease(p.cluster, p.auth, p.catalog);
            lease = l;
            s3 = p.s3;
            store = p.s3 == null ? null : p.s3.open();
            if (store == null && !p.plan.outputs().isEmpty()) {
                print(listener, Messages.ModelArtsTrainExecution_NoObjectStore());
            }
            // local code and inputs go to the object store from the machine of the workspace
            JobPlan plan = AgentStaging.stage(p.plan, ws, p.s3, store, p.secrets, listener);
            TrainingRun r;
            try {
                r = TrainingRun.start(plan, l.backend(), store, settings(p.secrets, baseline), sink(listener, p.secrets));
            } catch (EngineException e) {
                releaseConnections();
                failUnlessDetached(new AbortException(e.getMessage()));
                return;
            }
            follow(r);
        } catch (Throwable e) {
            releaseConnections();
            Throwable cause = stopCause;
            failUnlessDetached(cause != null ? cause : e);
        }
    }

    /** A failure while Jenkins shuts down is not the step's: the restarted Jenkins resumes it from what was saved. */
    private void failUnlessDetached(Throwable t) {
        if (detachedForShutdown) {
            LOGGER.log(Level.FINE, "after the shutdown began, ignoring a failure of " + jobName, t);
            return;
        }
        fail(t);
    }

    /** Re-attaches after a controller restart. */
    private void resume() {
        try {
            StepContext ctx = getContext();
            Run<?, ?> build = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            JobHandle h = newestHandle(build);
            if (JobSetup.LOCAL.equals(backendName)) {
                fail(new AbortException(Messages.ModelArtsTrainExecution_LocalNotResumable(jobName)));
                return;
            }
            if (h == null) {
                // the controller went down before the submission was saved: submit again (idempotent, attaches)
                print(listener, Messages.ModelArtsTrainExecution_ResubmitAfterRestart());
                launch();
                return;
            }
            setHandle(h);
            JobSetup.Prepared p = JobSetup.forResume(request, JobSetup.KUBERNETES, resolvedTree, baseDir, build, submissionKey,
                    listener, authentication);
            secrets = p.secrets;
            ClientCache.Lease l = ClientCache.get().lease(p.cluster, p.auth, p.catalog);
            lease = l;
            s3 = p.s3;
            store = p.s3 == null ? null : p.s3.open();
            print(listener, Messages.ModelArtsTrainExecution_Resuming(jobName, describe(h)));
            BuildBaseline baseline = p.plan == null ? null : baseline(build, p.plan, listener);
            TrainingRun r = TrainingRun.attach(h, p.plan, l.backend(), store, settings(p.secrets, baseline), sink(listener, p.secrets));
            follow(r);
        } catch (Throwable e) {
            releaseConnections();
            failUnlessDetached(e);
        }
    }

    /** The program's handle, or the cursor file's when that one is newer (written since the program was saved). */
    @CheckForNull
    private JobHandle newestHandle(Run<?, ?> build) {
        JobHandle h = handle;
        if (submissionKey == null) {
            return h;
        }
        LogCursorFile.Saved saved = cursorFile(build).read();
        if (saved != null && saved.handle() != null && (h == null || saved.sequence() >= handleSeq)) {
            handleSeq = saved.sequence();
            return saved.handle();
        }
        return h;
    }

    private LogCursorFile cursorFile(Run<?, ?> build) {
        return new LogCursorFile(build.getRootDir(), safe(submissionKey));
    }

    private RunSettings settings(List<String> secretValues, @CheckForNull BuildBaseline baseline) throws AbortException {
        // outputs are collected on the machine of the workspace afterwards (Archiving), not here
        return new RunSettings(Path.of(stagingDir), request.archive(), secretValues, false, null)
                .withBaseline(baseline == null ? null : baseline.toBaseline());
    }

    /** Looked up once; after a restart the same build again (by its persisted number). */
    @CheckForNull
    private BuildBaseline baseline(Run<?, ?> build, JobPlan plan, TaskListener listener) throws IOException {
        Integer known = baselineBuild;
        BuildBaseline b = known != null && known == 0 ? null : RetrainOutcome.lookUp(build, plan, known, listener, secretValues());
        baselineBuild = b == null ? 0 : b.build();
        return b;
    }

    private JobEventSink sink(TaskListener listener, List<String> secretValues) {
        return JenkinsConsole.sink(listener, secretValues, this::onStatus);
    }

    /** Keeps the submitted run, persists its handle, and continues when it ends (no thread waits). */
    private void follow(TrainingRun r) {
        synchronized (this) {
            run = r;
        }
        setHandle(r.handle());
        status = "submitted";
        saveState();
        writeCursor();
        if (detachedForShutdown) {
            // Jenkins began to shut down while this was submitted: let go now; the cursor file names the job
            r.detach();
            awaitDetached(r);
            return;
        }
        if (stopCause != null) {
            r.stop(Messages.ModelArtsTrainExecution_Aborted());
        }
        long every = Math.max(50, cursorIntervalMillis);
        cursorTicker = Background.timer().scheduleWithFixedDelay(this::writeCursor, every, every, TimeUnit.MILLISECONDS);
        r.outcome().whenCompleteAsync(this::finish, executor());
    }

    private void onStatus(JobStatus s, String reason) {
        status = s.displayName() + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        // an attempt change moves the handle to another Kubernetes Job: the program must know it
        Background.timer().execute(this::persistNewJob);
    }

    /** Saves the program when the handle names another Kubernetes Job than the one saved (a new attempt). */
    private void persistNewJob() {
        TrainingRun r = run;
        if (r == null || detachedForShutdown || completed) {
            return;
        }
        JobHandle before = handle;
        JobHandle h = r.handle();
        if (h != null && !sameJob(before, h)) {
            setHandle(h);
            saveState();
            writeCursor();
        }
    }

    private static boolean sameJob(@CheckForNull JobHandle a, @CheckForNull JobHandle b) {
        if (a instanceof KubernetesJobHandle x && b instanceof KubernetesJobHandle y) {
            return Objects.equals(x.uid(), y.uid()) && Objects.equals(x.kubernetesName(), y.kubernetesName()) && x.attempt() == y.attempt();
        }
        return Objects.equals(a, b);
    }

    /** Rewrites the log cursor file when the cursor moved (every few seconds while lines arrive). */
    private void writeCursor() {
        TrainingRun r = run;
        if (r == null || completed || submissionKey == null) {
            return;
        }
        JobHandle h = r.handle();
        if (h == null || h.equals(cursorWritten)) {
            return;
        }
        setHandle(h);
        long seq = handleSeq;
        try {
            StepContext ctx = getContext();
            cursorFile(ctx.get(Run.class)).write(seq, h);
            cursorWritten = h;
        } catch (IOException | InterruptedException | RuntimeException e) {
            restoreInterrupt(e);
            LOGGER.log(Level.FINE, "writing the log cursor of " + jobName + " failed", e);
        }
    }

    /** Program saves happen when the handle names a new Job; a no-op in performance-optimized durability. */
    private void saveState() {
        try {
            getContext().saveState();
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "saving the state of " + jobName + " failed", e);
        }
    }

    /** The job ended (or watching it failed): archive, then complete the step. */
    private void finish(RunOutcome outcome, Throwable error) {
        cancel(cursorTicker);
        if (detachedForShutdown || completed) {
            // detached for a shutdown (the job goes on and is re-attached), or already completed (stopped early)
            releaseConnections();
            return;
        }
        try {
            StepContext ctx = getContext();
            Run<?, ?> build = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            FilePath ws = ctx.get(FilePath.class);
            Launcher launcher = ctx.get(Launcher.class);
            TrainingRun r = run;
            if (r != null) {
                setHandle(r.handle());
            }
            if (outcome == null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof CancellationException && stopCause == null) {
                    return; // detached: the job goes on and is re-attached after the restart
                }
                fail(stopCause != null ? stopCause : new AbortException(Messages.ModelArtsTrainExecution_WatchFailed(jobName,
                        String.valueOf(cause))));
                return;
            }
            StepArtifacts.Done done;
            archiving = true;
            try {
                done = StepArtifacts.kubernetes(build, ws, launcher, listener, jobName, stagingDir, outcome, r == null ? null : r.plan(),
                        request.archive(), s3, store, secretValues());
            } finally {
                archiving = false;
            }
            complete(done.summary(), done.archived(), build, listener);
        } catch (Throwable e) {
            fail(stopCause != null ? stopCause : e);
        } finally {
            releaseConnections();
        }
    }

    private void runLocal(JobSetup.Prepared p, Run<?, ?> build, TaskListener listener, FilePath ws, @CheckForNull BuildBaseline baseline) {
        if (stopCause != null) {
            fail(stopCause);
            return;
        }
        if (ws == null) {
            fail(new AbortException(Messages.ModelArtsTrainExecution_LocalNeedsWorkspace()));
            return;
        }
        print(listener, Messages.ModelArtsTrainExecution_SubmittingLocal(jobName));
        status = "running on the local backend";
        task = Background.local().submit(() -> {
            JobSummary summary = null;
            Throwable error = null;
            try (ObjectStore lister = p.s3 == null ? null : p.s3.open()) {
                StepContext ctx = getContext();
                Launcher launcher = ctx.get(Launcher.class);
                if (launcher == null) {
                    throw new AbortException(Messages.ModelArtsTrainExecution_LocalNeedsWorkspace());
                }
                summary = LocalRun.run(p, submissionKey, request.archive(), ws, launcher, ctx.get(hudson.EnvVars.class), listener, lister,
                        baseline);
            } catch (Throwable e) {
                error = e;
            }
            if (completed) {
                return;
            }
            try {
                archiving = true;
                int archived = StepArtifacts.local(build, ws, getContext().get(Launcher.class), listener, jobName);
                archiving = false;
                if (summary != null) {
                    complete(summary, archived, build, listener);
                } else {
                    fail(stopCause != null ? stopCause : error);
                }
            } catch (Throwable e) {
                fail(stopCause != null ? stopCause : error != null ? error : e);
            } finally {
                archiving = false;
            }
        });
    }

    /** Completes the step: stopped, failed, a failed gate with {@code gateResult: 'FAILURE'}, or the result map. */
    private void complete(JobSummary summary, int archived, Run<?, ?> build, TaskListener listener) throws AbortException {
        Map<String, Object> result = Archiving.resultMap(jobName, handle, summary, JobSetup.WORKSPACE_DIR + "/" + jobName, archived);
        print(listener, Messages.ModelArtsTrainExecution_Finished(jobName, summary.description(), archived));
        Throwable cause = stopCause;
        if (cause != null) {
            fail(cause);
        } else if (!summary.succeeded()) {
            fail(new AbortException(summary.failureMessage(jobName)));
        } else {
            AbortException gate = RetrainOutcome.apply(summary, GateResult.parse(request.gateResult()), build, jobName, listener,
                    secretValues());
            if (gate != null) {
                fail(gate);
            } else {
                succeed(result);
            }
        }
    }

    // ---------------------------------------------------------------- completion, exactly once

    private boolean markCompleted() {
        synchronized (this) {
            if (completed) {
                return false;
            }
            completed = true;
        }
        status = "finished";
        cancel(cursorTicker);
        cancel(stopFallback);
        return true;
    }

    private void forgetCursor() {
        if (submissionKey != null) {
            try {
                cursorFile(getContext().get(Run.class)).delete();
            } catch (IOException | InterruptedException | RuntimeException e) {
                restoreInterrupt(e);
                LOGGER.log(Level.FINE, "deleting the log cursor of " + jobName + " failed", e);
            }
        }
    }

    private void succeed(Object result) {
        if (markCompleted()) {
            forgetCursor();
            getContext().onSuccess(result);
        }
    }

    private void fail(Throwable t) {
        if (markCompleted()) {
            releaseConnections();
            forgetCursor();
            getContext().onFailure(t);
        }
    }

    private void scheduleStopFallback(Throwable cause) {
        if (stopFallback != null) {
            return;
        }
        stopFallback = Background.timer().schedule(() -> {
            if (!completed) {
                print(listener(), Messages.ModelArtsTrainExecution_StopTimeout(jobName, STOP_TIMEOUT_MILLIS / 1000));
                fail(cause);
            }
        }, STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void releaseConnections() {
        ClientCache.Lease l = lease;
        lease = null;
        if (l != null) {
            l.close();
        }
        ObjectStore s = store;
        store = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "closing the object store failed", e);
            }
        }
    }

    // ---------------------------------------------------------------- shutdown and persistence

    /**
     * Jenkins is shutting down ({@link StepShutdown}, before the program is saved): stop watching without stopping the
     * job. A submission still under way sees the flag and lets go when it is done. Returns the run to wait for, if
     * any; then {@link #awaitDetached} writes where the console stands.
     */
    @CheckForNull
    TrainingRun beginDetachForShutdown() {
        synchronized (this) {
            if (completed) {
                return null;
            }
            detachedForShutdown = true;
        }
        cancel(cursorTicker);
        TrainingRun r = run;
        if (r != null) {
            r.detach();
        }
        return r;
    }

    /** After {@link #beginDetachForShutdown}: the watcher let go (or a few seconds passed); handle and cursor written. */
    void awaitDetached(TrainingRun r) {
        try {
            r.outcome().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            restoreInterrupt(e); // detached anyway
        }
        writeCursor();
        setHandle(r.handle());
        releaseConnections();
    }

    /** Both steps of the shutdown detach, for one execution. */
    void detachForShutdown() {
        TrainingRun r = beginDetachForShutdown();
        if (r != null) {
            awaitDetached(r);
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        TrainingRun r = run;
        if (r != null && !completed && !detachedForShutdown) {
            JobHandle h = r.handle();
            if (h != null) {
                setHandle(h);
            }
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        executor = Background.work();
        handle = LogCursorFile.decode(handleState);
    }

    private synchronized void setHandle(JobHandle h) {
        if (h == null || h.equals(handle) && handleState != null) {
            return;
        }
        handle = h;
        handleState = LogCursorFile.encode(h);
        handleSeq++;
    }

    // ---------------------------------------------------------------- helpers

    @CheckForNull
    private TaskListener listener() {
        try {
            return getContext().get(TaskListener.class);
        } catch (Exception e) {
            restoreInterrupt(e);
            return null;
        }
    }

    private void print(@CheckForNull TaskListener listener, String text) {
        if (listener != null) {
            JenkinsConsole.println(listener, secretValues(), text);
        }
    }

    private List<String> secretValues() {
        List<String> s = secrets;
        return s == null ? List.of() : s;
    }

    /** A caught interrupt is not swallowed: the thread keeps its flag for whoever runs it. */
    private static void restoreInterrupt(Throwable e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cancel(@CheckForNull Future<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static String describe(JobHandle h) {
        if (h instanceof KubernetesJobHandle k) {
            return "Kubernetes Job " + k.namespace() + "/" + k.kubernetesName() + ", attempt " + k.attempt();
        }
        return h.backend() + " job " + h.jobName();
    }

    private static String safe(String key) {
        return key.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    // ---------------------------------------------------------------- for tests

    JobHandle handle() {
        return handle;
    }

    boolean isCompleted() {
        return completed;
    }
}

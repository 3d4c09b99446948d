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
import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
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
 *   <li>{@link #start()} (CPS VM thread, no I/O) captures the build's authentication and schedules the work on the
 *       plugin's bounded pool. There: load and check the job, find the baseline ({@link RetrainOutcome}), resolve
 *       credentials, lease the cluster's cached backend, submit through {@link TrainingRun#start} (idempotent: the
 *       Kubernetes name derives from the job name and the submission key), and register a callback on
 *       {@link TrainingRun#outcome()}. No thread waits: the engine streams every worker's log into the console.</li>
 *   <li>The job handle ({@link PersistedHandle}) goes into the program ({@code saveState()}) only when it names
 *       another Kubernetes Job; the moving log cursor goes into a small file of the build ({@link LogCursorFile}),
 *       rewritten every {@link #cursorIntervalMillis} while lines arrive.</li>
 *   <li>A Jenkins shutdown detaches the step first ({@link StepShutdown}, before the program is saved): the job keeps
 *       running and nothing is archived or failed. {@link #onResume()} takes the newer of the program's handle and
 *       the cursor file's and re-attaches ({@link TrainingRun#attach}) as the user who started the step, with the
 *       same baseline: no second job, no lost line (after a crash, lines of the last cursor interval at most are
 *       printed again).</li>
 *   <li>{@link #stop(Throwable)} deletes the Kubernetes job and completes the step once the backend confirms, or
 *       after {@link #STOP_TIMEOUT_MILLIS} at the latest.</li>
 *   <li>When the job ends its artifacts are archived ({@link StepArtifacts}); Completed completes the step with the
 *       result map (a failed gate makes the build UNSTABLE, or fails the step), Failed/Abnormal/Terminated fail it
 *       naming status, worker, exit code and reason. The context is completed exactly once.</li>
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
    /** The job handle, persisted with the program (and in the cursor file, see {@link PersistedHandle}). */
    private final PersistedHandle handle = new PersistedHandle();
    /** Who started the step ({@code Authentication.getName()}); impersonated again after a restart. */
    private String userId;
    /** The baseline build's number once looked up (0: none yet), so that a resumed step compares with the same build. */
    private Integer baselineBuild;
    private volatile String status = "waiting to start";
    private volatile boolean completed;

    // ---------------------------------------------------------------- transient (rebuilt after a restart)
    private transient volatile TrainingRun run;
    private transient volatile Throwable stopCause;
    /** Set once Jenkins announced its shutdown: from then on the step neither archives nor completes. */
    private transient volatile boolean detachedForShutdown;
    private transient volatile boolean archiving;
    private transient volatile Future<?> task;
    private transient volatile ScheduledFuture<?> cursorTicker;
    private transient volatile ScheduledFuture<?> stopFallback;
    private transient volatile StepConnections connections = new StepConnections();
    private transient volatile List<String> secrets;
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

    // ---------------------------------------------------------------- StepExecution

    @Override
    public boolean start() {
        authentication = Jenkins.getAuthentication2();
        userId = authentication.getName();
        status = "submitting";
        task = Background.runAs(executor, authentication, this::launch);
        return false;
    }

    @Override
    public void onResume() {
        if (completed) {
            return;
        }
        status = "resuming";
        authentication = StepUser.impersonate(userId);
        task = Background.runAs(executor, authentication, this::resume);
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
            executor.execute(() -> {
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
        JobHandle h = handle.get();
        return (jobName == null ? "ModelArts job" : "ModelArts job " + jobName) + ": " + status
                + (h instanceof KubernetesJobHandle ? " (" + PersistedHandle.describe(h) + ")" : "");
    }

    @Override
    public boolean blocksRestart() {
        // archiving copies files and cannot be resumed half-way; waiting for the job can
        return archiving;
    }

    // ---------------------------------------------------------------- background work

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
            File staging = new File(new File(build.getRootDir(), "modelarts-train"), SubmissionKeys.fileName(submissionKey));
            stagingDir = staging.getAbsolutePath();
            print(listener, Messages.ModelArtsTrainExecution_Submitting(jobName, p.cluster.getName()));
            follow(connections.submit(p, ws, listener, settings(p.secrets, baseline), sink(listener, p.secrets)));
        } catch (Throwable e) {
            restoreInterrupt(e);
            connections.release();
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
            JobHandle h = handle.newest(submissionKey == null ? null : cursorFile(build));
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
            handle.set(h);
            JobSetup.Prepared p = JobSetup.forResume(request, JobSetup.KUBERNETES, resolvedTree, baseDir, build, submissionKey,
                    listener, authentication);
            secrets = p.secrets;
            print(listener, Messages.ModelArtsTrainExecution_Resuming(jobName, PersistedHandle.describe(h)));
            BuildBaseline baseline = p.plan == null ? null : baseline(build, p.plan, listener);
            follow(connections.attach(h, p, settings(p.secrets, baseline), sink(listener, p.secrets)));
        } catch (Throwable e) {
            restoreInterrupt(e);
            connections.release();
            failUnlessDetached(e);
        }
    }

    private LogCursorFile cursorFile(Run<?, ?> build) {
        return new LogCursorFile(build.getRootDir(), SubmissionKeys.fileName(submissionKey));
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
        handle.set(r.handle());
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
        r.outcome().whenCompleteAsync(this::finish, executor);
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
        if (handle.adoptIfAnotherJob(r.handle())) {
            saveState();
            writeCursor();
        }
    }

    /** Rewrites the log cursor file when the cursor moved (every few seconds while lines arrive). */
    private void writeCursor() {
        TrainingRun r = run;
        if (r == null || completed || submissionKey == null) {
            return;
        }
        try {
            handle.writeCursor(cursorFile(getContext().get(Run.class)), r.handle());
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
            connections.release();
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
                handle.set(r.handle());
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
                        request.archive(), connections.s3(), connections.store(), secretValues());
            } finally {
                archiving = false;
            }
            complete(done.summary(), done.archived(), build, listener);
        } catch (Throwable e) {
            restoreInterrupt(e);
            fail(stopCause != null ? stopCause : e);
        } finally {
            connections.release();
        }
    }

    private void runLocal(JobSetup.Prepared p, Run<?, ?> build, TaskListener listener, FilePath ws, @CheckForNull BuildBaseline baseline) {
        if (stopCause != null || ws == null) {
            fail(stopCause != null ? stopCause : new AbortException(Messages.ModelArtsTrainExecution_LocalNeedsWorkspace()));
            return;
        }
        print(listener, Messages.ModelArtsTrainExecution_SubmittingLocal(jobName));
        status = "running on the local backend";
        task = Background.local().submit(new LocalStepRun(p, submissionKey, request.archive(), getContext(), build, listener, ws,
                baseline, () -> completed, (summary, archived, error) -> {
                    if (summary != null) {
                        complete(summary, archived, build, listener);
                    } else {
                        fail(stopCause != null ? stopCause : error);
                    }
                }));
    }

    /** Completes the step: stopped, failed, a failed gate with {@code gateResult: 'FAILURE'}, or the result map. */
    private void complete(JobSummary summary, int archived, Run<?, ?> build, TaskListener listener) {
        print(listener, Messages.ModelArtsTrainExecution_Finished(jobName, summary.description(), archived));
        Throwable failure = stopCause;
        try {
            failure = failure != null ? failure : RetrainOutcome.failure(summary, request.gateResult(), build, RetrainOutcome.flowNode(getContext(), jobName), jobName,
                    listener, secretValues());
        } catch (AbortException e) {
            failure = e;
        }
        if (failure != null) {
            fail(failure);
        } else {
            succeed(Archiving.resultMap(jobName, handle.get(), summary, JobSetup.WORKSPACE_DIR + "/" + jobName, archived));
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
            connections.release();
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

    private void releaseConnections() {
        connections.release();
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
        handle.set(r.handle());
        connections.release();
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
            handle.set(r.handle());
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        executor = Background.work();
        connections = new StepConnections();
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

    // ---------------------------------------------------------------- for tests

    JobHandle handle() {
        return handle.get();
    }

    boolean isCompleted() {
        return completed;
    }
}

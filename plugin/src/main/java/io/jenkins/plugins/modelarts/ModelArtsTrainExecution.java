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
 *       with {@code saveState()}, and register a callback on {@link TrainingRun#outcome()}. Waiting holds no thread:
 *       the engine's backend streams every worker's log into the console (secrets masked) from its shared threads.</li>
 *   <li>The handle (namespace, names, uid, attempt and the log cursor of every container) is persisted after
 *       submission, on every status change and at most every {@link #persistIntervalMillis} while lines arrive,
 *       and freshly when the program is saved ({@code writeObject}).</li>
 *   <li>{@link #onResume()} rebuilds the transient parts and re-attaches with {@link TrainingRun#attach} from the
 *       persisted handle: no second job, the log continues at the cursor (at a clean shutdown the watcher is detached
 *       before the handle is written, so no line is lost or repeated; after a crash lines since the last save may be
 *       printed again, never lost). A job that is gone fails the step with the engine's "no longer exists" reason.</li>
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
    /** Least time between two saves of the handle while only log cursors move. */
    static long persistIntervalMillis = TimeUnit.SECONDS.toMillis(5);

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
    private transient volatile boolean detached;
    private transient volatile boolean archiving;
    private transient volatile Future<?> task;
    private transient volatile ScheduledFuture<?> persistTicker;
    private transient volatile ScheduledFuture<?> stopFallback;
    private transient volatile long lastPersist;
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
            try {
                r.stop(Messages.ModelArtsTrainExecution_Aborted());
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "stopping " + jobName + " failed", e);
            }
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

    private Future<?> submit(Runnable work) {
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
            secrets = p.secrets;
            backendName = p.backend;
            jobName = p.jobName();
            resolvedTree = p.tree;
            baseDir = p.baseDir;
            ctx.saveState();
            if (stopCause != null) {
                fail(stopCause);
                return;
            }
            if (p.isLocal()) {
                runLocal(p, build, listener, ws);
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
                r = TrainingRun.start(plan, l.backend(), store, settings(p.secrets), sink(listener, p.secrets));
            } catch (EngineException e) {
                releaseConnections();
                fail(new AbortException(e.getMessage()));
                return;
            }
            follow(r);
        } catch (InterruptedException e) {
            releaseConnections();
            Throwable cause = stopCause;
            fail(cause != null ? cause : e);
        } catch (Throwable e) {
            releaseConnections();
            Throwable cause = stopCause;
            fail(cause != null ? cause : e);
        }
    }

    /** Re-attaches after a controller restart. */
    private void resume() {
        try {
            StepContext ctx = getContext();
            Run<?, ?> build = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            JobHandle h = handle;
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
            JobSetup.Prepared p = JobSetup.forResume(request, JobSetup.KUBERNETES, resolvedTree, baseDir, build, submissionKey, listener);
            secrets = p.secrets;
            ClientCache.Lease l = ClientCache.get().lease(p.cluster, p.auth, p.catalog);
            lease = l;
            s3 = p.s3;
            store = p.s3 == null ? null : p.s3.open();
            print(listener, Messages.ModelArtsTrainExecution_Resuming(jobName, describe(h)));
            TrainingRun r = TrainingRun.attach(h, p.plan, l.backend(), store, settings(p.secrets), sink(listener, p.secrets));
            follow(r);
        } catch (Throwable e) {
            releaseConnections();
            fail(e);
        }
    }

    private RunSettings settings(List<String> secretValues) {
        // outputs are collected on the machine of the workspace afterwards (Archiving), not here
        return new RunSettings(Path.of(stagingDir), request.archive(), secretValues, false, null);
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
        if (stopCause != null) {
            r.stop(Messages.ModelArtsTrainExecution_Aborted());
        }
        long every = Math.max(50, persistIntervalMillis);
        persistTicker = Background.timer().scheduleWithFixedDelay(this::persistIfChanged, every, every, TimeUnit.MILLISECONDS);
        r.outcome().whenCompleteAsync(this::finish, executor());
    }

    private void onStatus(JobStatus s, String reason) {
        status = s.displayName() + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        // an attempt change moves the handle to another Kubernetes Job: save it now
        Background.timer().execute(this::persistNow);
    }

    private void persistIfChanged() {
        if (System.nanoTime() - lastPersist >= TimeUnit.MILLISECONDS.toNanos(persistIntervalMillis)) {
            persistNow();
        }
    }

    private void persistNow() {
        TrainingRun r = run;
        if (r == null || detached || completed) {
            return;
        }
        JobHandle h = r.handle();
        if (h != null && !h.equals(handle)) {
            setHandle(h);
            saveState();
        }
    }

    private void saveState() {
        lastPersist = System.nanoTime();
        try {
            getContext().saveState();
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "saving the state of " + jobName + " failed", e);
        }
    }

    /** The job ended (or watching it failed): archive, then complete the step. */
    private void finish(RunOutcome outcome, Throwable error) {
        cancel(persistTicker);
        if (detached || completed || terminating()) {
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
            JobSummary summary = JobSummary.of(outcome);
            String folder = JobSetup.WORKSPACE_DIR + "/" + jobName;
            int archived = 0;
            archiving = true;
            try {
                Archiving.Archived a = Archiving.collectAndArchive(build, ws, launcher, listener, jobName,
                        new FilePath(new File(stagingDir)), r == null ? null : r.plan(), request.archive(), s3, store,
                        secrets == null ? List.of() : secrets);
                archived = a.files();
                summary = summary.withCollection(a.outputs(), a.problems());
            } catch (IOException e) {
                print(listener, Messages.ModelArtsTrainExecution_ArchiveFailed(String.valueOf(e.getMessage())));
            } finally {
                archiving = false;
            }
            complete(summary, folder, archived, listener);
        } catch (Throwable e) {
            fail(stopCause != null ? stopCause : e);
        } finally {
            releaseConnections();
        }
    }

    private void runLocal(JobSetup.Prepared p, Run<?, ?> build, TaskListener listener, FilePath ws) {
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
                summary = LocalRun.run(p, submissionKey, request.archive(), ws, launcher, ctx.get(hudson.EnvVars.class), listener, lister);
            } catch (Throwable e) {
                error = e;
            }
            if (completed) {
                return;
            }
            String folder = JobSetup.WORKSPACE_DIR + "/" + jobName;
            try {
                archiving = true;
                Launcher launcher = getContext().get(Launcher.class);
                int archived = Archiving.archive(build, ws.child(folder), folder,
                        launcher != null ? launcher : new Launcher.LocalLauncher(listener), listener);
                archiving = false;
                if (summary != null) {
                    complete(summary, folder, archived, listener);
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

    private void complete(JobSummary summary, String folder, int archived, TaskListener listener) {
        Map<String, Object> result = Archiving.resultMap(jobName, handle, summary, folder, archived);
        print(listener, Messages.ModelArtsTrainExecution_Finished(jobName, summary.description(), archived));
        Throwable cause = stopCause;
        if (cause != null) {
            fail(cause);
        } else if (summary.succeeded()) {
            succeed(result);
        } else {
            fail(new AbortException(summary.failureMessage(jobName)));
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
        cancel(persistTicker);
        cancel(stopFallback);
        return true;
    }

    private void succeed(Object result) {
        if (markCompleted()) {
            getContext().onSuccess(result);
        }
    }

    private void fail(Throwable t) {
        if (markCompleted()) {
            releaseConnections();
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
     * Stops watching without stopping the job, so that the handle written next is exactly where the console
     * stands (Jenkins is shutting down; the job keeps running and is re-attached by {@link #onResume()}). Waits a
     * few seconds for the backend to let go.
     */
    void detachForShutdown() {
        TrainingRun r = run;
        if (r == null || completed) {
            return;
        }
        detached = true;
        cancel(persistTicker);
        r.detach();
        try {
            r.outcome().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // detached anyway
        }
        setHandle(r.handle());
        releaseConnections();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        TrainingRun r = run;
        if (r != null && !completed) {
            if (terminating()) {
                detachForShutdown();
            }
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
        handle = decodeHandle(handleState);
    }

    private void setHandle(JobHandle h) {
        handle = h;
        handleState = encodeHandle(h);
    }

    static byte[] encodeHandle(JobHandle h) {
        if (h == null) {
            return null;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(h);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static JobHandle decodeHandle(byte[] state) throws IOException, ClassNotFoundException {
        if (state == null) {
            return null;
        }
        ClassLoader loader = ModelArtsTrainExecution.class.getClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(state)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (JobHandle) in.readObject();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean terminating() {
        try {
            return Jenkins.get().isTerminating();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @CheckForNull
    private TaskListener listener() {
        try {
            return getContext().get(TaskListener.class);
        } catch (Exception e) {
            return null;
        }
    }

    private void print(@CheckForNull TaskListener listener, String text) {
        if (listener != null) {
            List<String> s = secrets;
            JenkinsConsole.println(listener, s == null ? List.of() : s, text);
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

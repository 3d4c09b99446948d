package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.modelarts.train.backend.local.LocalBackend;
import io.modelarts.train.backend.local.LocalBackendOptions;
import io.modelarts.train.engine.EngineException;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.engine.LocalStoreBuckets;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectStoreBroker;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.PresignedObjectStore;
import io.modelarts.train.storage.S3PresigningBroker;
import io.modelarts.train.validation.ValidationContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * A job of the {@code local} backend. The job (directories, staging, output sync, attempts, auto stop) runs where
 * the workspace is; its boot commands are started on the controller through the build's {@link Launcher} with the
 * step context's environment ({@link LauncherProcesses}), so the build's wrappers apply and an abort kills them
 * through the launcher. {@code obs://} paths use the configured object store through presigned requests made on the
 * controller (the agent gets no key), or without one the folder {@code modelarts-store/} of the workspace
 * ({@code obs://bucket/key} is {@code modelarts-store/bucket/key}). Collected artifacts land in
 * {@code modelarts/<job>/} of the workspace.
 *
 * <p>Meant for smoke tests on agents with Python and {@code /bin/sh} (not Windows). It blocks the calling thread
 * until the job ends; interrupting it stops the job and rethrows. It does not survive a controller restart.
 */
final class LocalRun extends MasterToSlaveFileCallable<JobSummary> {
    private static final long serialVersionUID = 1L;

    static final String STORE_DIR = "modelarts-store";
    static final String WORK_DIR = "modelarts-work";
    /** How long an aborted build waits for the local job to stop and sync its outputs. */
    static final Duration STOP_WAIT = Duration.ofMinutes(2);

    private final Map<String, Object> tree;
    private final String baseDir;
    private final String submissionKey;
    private final boolean highestPriority;
    private final String archive;
    /** Null: the workspace store. */
    private final ObjectStoreBroker broker;
    private final JobEventSink console;
    private final ProcessControl processes;
    /** The last good build's files (texts only), or null when there is none yet. */
    private final BuildBaseline baseline;

    private LocalRun(Map<String, Object> tree, String baseDir, String submissionKey, boolean highestPriority, String archive,
                     ObjectStoreBroker broker, JobEventSink console, ProcessControl processes, BuildBaseline baseline) {
        this.tree = tree;
        this.baseDir = baseDir;
        this.submissionKey = submissionKey;
        this.highestPriority = highestPriority;
        this.archive = archive;
        this.broker = broker;
        this.console = console;
        this.processes = processes;
        this.baseline = baseline;
    }

    /**
     * Runs the prepared local job in {@code ws}, its processes through {@code launcher}; blocks until it ends.
     *
     * @param lister the controller's store when one is configured (lists for the agent), else null
     * @param baseline the last good build for the gate and {@code skipIfUnchanged}, or null when there is none yet
     */
    static JobSummary run(JobSetup.Prepared p, String submissionKey, String archive, FilePath ws, Launcher launcher,
                          @CheckForNull EnvVars env, TaskListener listener, @CheckForNull ObjectStore lister,
                          @CheckForNull BuildBaseline baseline)
            throws IOException, InterruptedException {
        if (!launcher.isUnix()) {
            throw new AbortException(Messages.LocalRun_NotUnix());
        }
        LauncherProcesses procs = new LauncherProcesses(launcher, env == null ? new EnvVars() : env, ws);
        S3PresigningBroker broker = null;
        try {
            if (p.s3 != null && lister != null) {
                List<ObjectUri> readable = new ArrayList<>();
                List<ObjectUri> writable = new ArrayList<>();
                scope(p.plan, readable, writable);
                broker = p.s3.broker(lister, readable, writable);
            }
            LocalRun job = new LocalRun(p.tree, p.baseDir, submissionKey, p.highestPriority, archive,
                    AgentExports.export(ws, ObjectStoreBroker.class, broker), AgentExports.console(ws, listener, p.secrets),
                    AgentExports.export(ws, ProcessControl.class, procs), baseline);
            return ws.act(job);
        } finally {
            procs.killAll();
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** The object paths the job may read (code, inputs, predownloaded outputs) and write (outputs, persistent logs). */
    private static void scope(JobPlan plan, List<ObjectUri> readable, List<ObjectUri> writable) {
        if (plan == null) {
            return;
        }
        if (plan.code() != null) {
            addIfObject(plan.code().source(), readable);
        }
        for (ChannelPlan in : plan.inputs()) {
            addIfObject(in.source(), readable);
        }
        for (ChannelPlan out : plan.outputs()) {
            addIfObject(out.source(), writable);
        }
        if (plan.spec().persistentLogPath() != null) {
            addIfObject(plan.spec().persistentLogPath(), writable);
        }
    }

    private static void addIfObject(String path, List<ObjectUri> to) {
        if (path != null && StoragePaths.isObjectPath(path.trim())) {
            to.add(ObjectUri.parse(path.trim()));
        }
    }

    @Override
    public JobSummary invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path ws = workspace.toPath().toAbsolutePath();
        JobSpecLoader.Result loaded = JobSpecLoader.fromTree(tree, baseDir == null ? ws : Path.of(baseDir));
        // local files are on this machine: check them here
        JobPreparation prep = JobPreparation.prepare(loaded, null, ValidationContext.local().allowingHighestPriority(highestPriority));
        if (!prep.isReady()) {
            StringBuilder s = new StringBuilder(Messages.JobSetup_Invalid());
            for (Problem p : prep.problems().errors()) {
                s.append("\n  ").append(p);
            }
            throw new AbortException(s.toString());
        }
        JobPlan plan = prep.plan().withSubmissionKey(submissionKey);
        ObjectStore store;
        if (broker != null) {
            store = new PresignedObjectStore(broker);
        } else {
            // in the workspace store a bucket is a folder: the buckets the job writes to are made for a fresh workspace
            try {
                LocalStoreBuckets.create(ws.resolve(STORE_DIR), plan);
            } catch (EngineException e) {
                throw new AbortException(e.getMessage());
            }
            store = new DirectoryObjectStore(ws.resolve(STORE_DIR));
        }
        try (store;
             LocalBackend backend = new LocalBackend(store, LocalBackendOptions.defaults(ws.resolve(WORK_DIR)),
                     new RemoteProcessStarter(processes, ws))) {
            // the console masks on the controller: nothing to mask here
            RunSettings settings = new RunSettings(ws.resolve(JobSetup.WORKSPACE_DIR).resolve(plan.jobName()), archive, List.of(), true, null)
                    .withBaseline(baseline == null ? null : baseline.toBaseline());
            TrainingRun run = TrainingRun.start(plan, backend, store, settings, console);
            // an abort interrupts this thread: the job is stopped, its outputs synced, and the interrupt goes on up
            return JobSummary.of(run.awaitStoppingOnInterrupt(Messages.ModelArtsTrainExecution_Aborted(), STOP_WAIT, null));
        } catch (EngineException e) {
            throw new AbortException(e.getMessage());
        }
    }
}

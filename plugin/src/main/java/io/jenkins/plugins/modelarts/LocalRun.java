package io.jenkins.plugins.modelarts;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.modelarts.train.backend.local.LocalBackend;
import io.modelarts.train.backend.local.LocalBackendOptions;
import io.modelarts.train.engine.EngineException;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.validation.Problem;
import io.modelarts.train.validation.ValidationContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jenkins.MasterToSlaveFileCallable;

/**
 * A job of the {@code local} backend, run where the workspace is (the agent): the boot command runs as a local
 * process with the ModelArts directories, environment and arguments; {@code obs://} paths use the configured
 * object store, or without one the folder {@code modelarts-store/} of the workspace ({@code obs://bucket/key} is
 * {@code modelarts-store/bucket/key}). Collected artifacts land in {@code modelarts/<job>/} of the workspace.
 *
 * <p>Meant for smoke tests on agents with Python. It blocks the calling thread until the job ends; interrupting it
 * stops the job (process tree killed, outputs synced) and rethrows. It does not survive a controller restart.
 */
final class LocalRun extends MasterToSlaveFileCallable<JobSummary> {
    private static final long serialVersionUID = 1L;

    static final String STORE_DIR = "modelarts-store";
    static final String WORK_DIR = "modelarts-work";

    private final Map<String, Object> tree;
    private final String baseDir;
    private final String submissionKey;
    private final boolean highestPriority;
    private final S3Access s3;
    private final List<String> secrets;
    private final String archive;
    private final TaskListener listener;

    LocalRun(Map<String, Object> tree, String baseDir, String submissionKey, boolean highestPriority, S3Access s3,
             List<String> secrets, String archive, TaskListener listener) {
        this.tree = tree;
        this.baseDir = baseDir;
        this.submissionKey = submissionKey;
        this.highestPriority = highestPriority;
        this.s3 = s3;
        this.secrets = new ArrayList<>(secrets);
        this.archive = archive;
        this.listener = listener;
    }

    /** In the workspace store a bucket is a folder: the output buckets are created so that a fresh workspace works. */
    private static void createBuckets(JobPlan plan, Path root) throws IOException {
        List<String> paths = new ArrayList<>();
        plan.outputs().forEach(o -> paths.add(o.source()));
        if (plan.spec().persistentLogPath() != null) {
            paths.add(plan.spec().persistentLogPath());
        }
        for (String p : paths) {
            try {
                java.nio.file.Files.createDirectories(root.resolve(ObjectUri.parse(p.trim()).bucket()));
            } catch (IllegalArgumentException e) {
                // not an object path: the validator has said so
            }
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
        JobEventSink sink = JenkinsConsole.sink(listener, secrets, null);
        ObjectStore store;
        if (s3 != null) {
            store = s3.open();
        } else {
            store = new DirectoryObjectStore(ws.resolve(STORE_DIR));
            createBuckets(plan, ws.resolve(STORE_DIR));
        }
        try (store;
             LocalBackend backend = new LocalBackend(store, LocalBackendOptions.defaults(ws.resolve(WORK_DIR)))) {
            RunSettings settings = new RunSettings(ws.resolve(JobSetup.WORKSPACE_DIR).resolve(plan.jobName()), archive, secrets, true, null);
            TrainingRun run = TrainingRun.start(plan, backend, store, settings, sink);
            try {
                return JobSummary.of(run.await());
            } catch (InterruptedException e) {
                run.stop(Messages.ModelArtsTrainExecution_Aborted());
                try {
                    run.outcome().get(2, TimeUnit.MINUTES);
                } catch (Exception ignored) {
                    // the interrupt wins; the job was told to stop
                }
                throw e;
            }
        } catch (EngineException e) {
            throw new AbortException(e.getMessage());
        }
    }
}

package io.modelarts.train.cli;

import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.local.LocalBackend;
import io.modelarts.train.backend.local.LocalBackendOptions;
import io.modelarts.train.baseline.ArtifactsBaseline;
import io.modelarts.train.baseline.Baseline;
import io.modelarts.train.engine.EngineException;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.engine.LocalStoreBuckets;
import io.modelarts.train.engine.RunInterruptedException;
import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.StoreChecks;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.logs.ConsoleSink;
import io.modelarts.train.metrics.RunMetrics;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.StorageSettings;
import io.modelarts.train.report.TrainingReport;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.storage.S3Settings;
import io.modelarts.train.storage.Sizes;
import io.modelarts.train.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validates the job, runs it, streams its log and collects its outputs into the artifacts folder.", "",
                "Without --pools (and without --backend kubernetes) the job runs on this machine: the boot command runs as a "
                        + "local process with the container's folders, environment and arguments, and obs:// paths live in an "
                        + "embedded store folder.", "",
                "Ctrl-C stops the job; its outputs are still synced and collected."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the job Completed and its outputs were collected", "1:another error",
                "2:the job definition is invalid", "3:the job ended Failed, Abnormal or Terminated",
                "4:the job completed but the regression gate failed (Regressed); its outputs were still collected"})
final class RunCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the stopped job to sync and collect its outputs. */
    static final Duration STOP_WAIT = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job file (YAML or JSON).")
    Path job;

    @Option(names = "--pools", paramLabel = "FILE",
            description = "A pool catalog. With it the job runs on Kubernetes unless --backend local is given.")
    Path pools;

    @Option(names = "--backend", paramLabel = "local|kubernetes",
            description = "Where to run: local (default without --pools) or kubernetes (default with --pools).")
    String backend;

    @Option(names = "--artifacts", paramLabel = "DIR",
            description = "Where outputs, logs and the effective job spec go (default: ./artifacts/<job name>).")
    Path artifacts;

    @Option(names = "--store", paramLabel = "DIR",
            description = "The embedded object store folder: obs://bucket/key is DIR/bucket/key "
                    + "(default: ~/.modelarts-train/store, or the pool catalog's S3 endpoint when --pools names one).")
    Path store;

    @Option(names = "--archive", paramLabel = "GLOB",
            description = "Keep only matching output files, e.g. '**/*.json, ckpt/' (Ant-style, comma-separated).")
    String archive;

    @Option(names = "--python", paramLabel = "CMD",
            description = "Local backend: the interpreter of presetImage jobs (default: ${DEFAULT-VALUE}).", defaultValue = "python3")
    String python;

    @Option(names = "--sync-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Local backend: how often outputs are uploaded while the job runs, e.g. 30s, 500ms (default: 30s).")
    Duration syncInterval;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Local backend: where job folders are laid out (default: ~/.modelarts-train/jobs).")
    Path workDir;

    @Option(names = "--keep-job-dir", description = "Local backend: keep the staged code, inputs and outputs after the job.")
    boolean keepJobDir;

    @Option(names = "--allow-highest-priority", description = "The user holds the permission for priority 3.")
    boolean allowHighestPriority;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "An earlier run's artifacts folder: the gate compares with its metrics.json, and with skipIfUnchanged: true "
                    + "an unchanged job (equal fingerprint.json) is not run. A folder without them means no baseline yet.")
    Path baseline;

    @Option(names = "--assets", paramLabel = "FILE",
            description = "An assets file: the saved algorithms (algorithm.id) and datasets (inputs[].dataset) the job refers to.")
    Path assets;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String backendName = backendName();

        // read before the artifacts folder is prepared: it may be the same folder
        Baseline last = readBaseline(out);

        JobPreparation prep = Inputs.prepare(job, pools, assets, allowHighestPriority);
        if (!prep.isReady()) {
            for (Problem p : prep.problems().all()) {
                err.println(p);
            }
            err.println("modelarts-train: " + job + " is invalid; nothing was run");
            err.flush();
            return ExitCodes.INVALID;
        }
        for (Problem w : prep.warnings()) {
            err.println(w);
        }
        err.flush();
        // each invocation is its own submission: running the same job file again starts a new job
        JobPlan plan = prep.plan().withSubmissionKey("cli-" + java.time.Instant.now().toEpochMilli() + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL));
        Path artifactsDir = (artifacts != null ? artifacts : Path.of("artifacts", plan.jobName())).toAbsolutePath().normalize();

        // a cluster backend first: when there is none, nothing else is touched
        Backend cluster = backendName.equals(LocalBackend.NAME) ? null : main.cluster()
                // the job's pool names its cluster: that kubeconfig context (no catalog: the current context)
                .backend(prep.catalog() == null ? null
                        : prep.catalog().forPool(plan.spec().resources() == null ? null : plan.spec().resources().pool()));
        ObjectStore objects;
        try {
            objects = openStore(prep.catalog(), plan, out);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
        try (objects; Backend backendImpl = cluster != null ? cluster : localBackend(objects)) {
            // the page's object-store limits, before anything runs: an invalid job starts nothing
            Problems storeProblems = StoreChecks.check(plan, objects, CodeDirLimits.DEFAULT);
            for (Problem p : storeProblems.all()) {
                err.println(p);
            }
            err.flush();
            if (storeProblems.hasErrors()) {
                err.println("modelarts-train: " + job + " is invalid; nothing was run");
                err.flush();
                return ExitCodes.INVALID;
            }
            out.println("Running job " + plan.jobName() + " on the " + backendImpl.name() + " backend; artifacts go to " + artifactsDir);
            out.flush();
            RunSettings settings = RunSettings.into(artifactsDir).withArchiveGlob(archive).withSecrets(secretsFromEnvironment())
                    .withBaseline(last);
            TrainingRun run;
            try {
                run = TrainingRun.start(plan, backendImpl, objects, settings, new ConsoleSink(out));
            } catch (EngineException e) {
                throw new CliException(ExitCodes.ERROR, e.getMessage());
            }
            return awaitWithInterrupt(run, out, err);
        } catch (StorageException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage());
        }
    }

    private Baseline readBaseline(PrintWriter out) {
        if (baseline == null) {
            return null;
        }
        try {
            Baseline found = new ArtifactsBaseline(baseline).find().orElse(null);
            if (found == null) {
                out.println("No baseline yet in " + baseline + " (no metrics.json or fingerprint.json): gate conditions on it pass");
            }
            return found;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage());
        }
    }

    private String backendName() {
        if (backend == null) {
            return pools == null ? LocalBackend.NAME : "kubernetes";
        }
        String b = backend.trim().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals(LocalBackend.NAME) && !b.equals("kubernetes")) {
            throw new CliException(ExitCodes.ERROR, "--backend must be local or kubernetes, not '" + backend + "'");
        }
        return b;
    }

    private ObjectStore openStore(PoolCatalog catalog, JobPlan plan, PrintWriter out) {
        if (store == null && catalog != null && catalog.storage().endpoint() != null) {
            StorageSettings s = catalog.storage();
            // credentials from the SDK's default chain; CA and proxy from the environment the AWS tools read
            S3Settings settings = StoreConnection.settings(s, System.getenv());
            out.println("Object store: " + s.endpoint() + (settings.proxy() == null ? "" : " through proxy " + settings.proxy()));
            return new S3ObjectStore(settings);
        }
        Path dir = (store != null ? store : Locations.defaultStore()).toAbsolutePath().normalize();
        out.println("Object store: embedded, obs://<bucket>/<key> is " + dir + "/<bucket>/<key>");
        try {
            LocalStoreBuckets.create(dir, plan);
        } catch (EngineException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage());
        }
        return new DirectoryObjectStore(dir);
    }

    private Backend localBackend(ObjectStore objects) {
        LocalBackendOptions options = LocalBackendOptions.defaults(workDir != null ? workDir : Locations.defaultWorkDir())
                .withPython(python)
                .withKeepJobDirectory(keepJobDir);
        if (syncInterval != null) {
            options = options.withSyncInterval(syncInterval);
        }
        return new LocalBackend(objects, options);
    }

    /**
     * Waits for the run. On Ctrl-C (or SIGTERM) the JVM runs its shutdown hooks: ours stops the job, lets
     * this thread finish syncing, collecting and printing, then ends the process with the run's exit code
     * (3 for a Terminated job) instead of the signal's.
     */
    private int awaitWithInterrupt(TrainingRun run, PrintWriter out, PrintWriter err) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(ExitCodes.JOB_FAILED);
        Thread waiting = Thread.currentThread();
        Thread hook = new Thread(() -> {
            // the waiting thread stops the job, waits for its outcome and prints it; then the process ends with its code
            waiting.interrupt();
            try {
                done.await(STOP_WAIT.toMinutes() + 1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "modelarts-train-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunOutcome outcome;
            try {
                outcome = run.awaitStoppingOnInterrupt("stopped by user (interrupt)", STOP_WAIT, () -> {
                    err.println("modelarts-train: interrupted; stopping the job (outputs are still synced and collected)");
                    err.flush();
                });
            } catch (RunInterruptedException e) {
                if (e.outcome() == null) {
                    throw new CliException(ExitCodes.JOB_FAILED, e.getMessage() + "; it may still be running");
                }
                outcome = e.outcome();
            } catch (EngineException e) {
                throw new CliException(ExitCodes.ERROR, e.getMessage());
            }
            int code = summarize(outcome, out, err);
            exitCode.set(code);
            return code;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and ends the process with exitCode
            }
        }
    }

    private static int summarize(RunOutcome outcome, PrintWriter out, PrintWriter err) {
        JobResult result = outcome.result();
        out.println();
        if (outcome.wasSkipped()) {
            out.println(outcome.skipped());
            out.println("Artifacts: " + outcome.artifactsDir() + " (the baseline's metrics.json and this run's fingerprint.json)");
            out.flush();
            return ExitCodes.OK;
        }
        out.println(outcome.regressed() ? "Regressed: " + result.describe() + ", but the gate failed" : result.describe());
        for (GateVerdict.Result r : outcome.gate().failures()) {
            err.println("modelarts-train: gate failed: " + r.describe().substring("FAILED ".length()));
        }
        out.println("Artifacts: " + outcome.artifactsDir());
        for (RunOutcome.CollectedOutput o : outcome.outputs()) {
            out.println("  " + outcome.artifactsDir().relativize(o.dir()) + "/  " + o.files() + (o.files() == 1 ? " file, " : " files, ")
                    + Sizes.human(o.bytes()) + "  (from " + o.source() + ")");
        }
        for (Path log : outcome.logFiles()) {
            out.println("  " + outcome.artifactsDir().relativize(log));
        }
        out.println("  " + outcome.artifactsDir().relativize(outcome.effectiveSpec()));
        for (String extra : List.of(RunMetrics.FILE_NAME, Fingerprint.FILE_NAME, TrainingReport.FILE_NAME)) {
            if (Files.isRegularFile(outcome.artifactsDir().resolve(extra))) {
                out.println("  " + extra);
            }
        }
        out.flush();
        for (String p : outcome.problems()) {
            err.println("modelarts-train: " + p);
        }
        err.flush();
        if (!result.isSuccess()) {
            return ExitCodes.JOB_FAILED;
        }
        if (outcome.regressed()) {
            return ExitCodes.REGRESSED;
        }
        return outcome.problems().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /** Values never to print: the object-store secret of this environment, when set. */
    private static List<String> secretsFromEnvironment() {
        List<String> secrets = new ArrayList<>();
        for (String name : List.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "OBS_SECRET_ACCESS_KEY")) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                secrets.add(v);
            }
        }
        return secrets;
    }
}

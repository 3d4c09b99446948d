package io.modelarts.train.backend.local;

import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.JobEventSinks;
import io.modelarts.train.logs.TransferProgress;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.CodePlan;
import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.StorageException;
import io.modelarts.train.storage.TransferListener;
import io.modelarts.train.storage.TransferReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job run by the {@link LocalBackend}: a runner thread walks it through its life (stage, run each
 * attempt, sync, finish); a small scheduler runs the periodic output sync, the auto-stop deadline
 * and the escalation from SIGTERM to SIGKILL.
 */
final class LocalJob implements RunningJob {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final String RESULT_FILE = "job-result.properties";

    private final LocalBackend backend;
    private final JobPlan plan;
    private final ObjectStore store;
    private final LocalBackendOptions options;
    private final LocalJobHandle handle;
    private final Path root;
    private final List<Worker> workers = new ArrayList<>();
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();
    private final ScheduledExecutorService timer;
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Object lock = new Object();
    private final long startNanos = System.nanoTime();

    private volatile JobEventSink caller;
    /** Events go to the caller and to each worker's log file in {@code MA_LOG_DIR}. */
    private final JobEventSink events;
    private final List<FileLogSink> logFiles = new ArrayList<>();

    /** The interpreter of a preset job: the job's own virtual environment's; null until it is made. */
    private volatile String jobPython;

    // guarded by lock
    private StartedProcess setupProcess;
    private String stopReason;
    private boolean autoStopped;
    private boolean finished;

    /** One compute node: its own container-like root (the job root itself for a single node). */
    private static final class Worker {
        final int index;
        final String name;
        final JobDirectoryMapper mapper;
        final FileLogSink logFile;
        StartedProcess process; // guarded by LocalJob.lock
        Thread pump;

        /** The worker's log file, kept to ModelArts' 1 GiB like the one persistent log saving uploads. */
        final JobEventSink logLimit;

        Worker(int index, Path root, FileLogSink logFile) {
            this.logLimit = io.modelarts.train.logs.LogLimit.wrap(logFile, io.modelarts.train.logs.LogLimit.MODELARTS_MAX_BYTES);
            this.index = index;
            this.name = "worker-" + index;
            this.mapper = new JobDirectoryMapper(root);
            this.logFile = logFile;
        }
    }

    /** The submission this job runs: its name and submission key. */
    String submissionId() {
        return plan.submissionId();
    }

    LocalJob(LocalBackend backend, JobPlan plan, ObjectStore store, LocalBackendOptions options, LocalJobHandle handle,
             JobEventSink sink) {
        this.backend = backend;
        this.plan = plan;
        this.store = store;
        this.options = options;
        this.handle = handle;
        this.root = Path.of(handle.jobDirectory());
        this.caller = sink == null ? JobEventSink.NONE : sink;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "local-job-" + handle.jobId() + "-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.timer = Executors.newScheduledThreadPool(2, threads);
        int nodes = Math.max(1, plan.nodes());
        for (int i = 0; i < nodes; i++) {
            Path workerRoot = nodes == 1 ? root : root.resolve("worker-" + i);
            JobDirectoryMapper m = new JobDirectoryMapper(workerRoot);
            FileLogSink file = new FileLogSink(m.path(ContainerLayout.MA_LOG_DIR), "modelarts-job-" + handle.jobId() + "-",
                    List.of("worker-" + i));
            logFiles.add(file);
            workers.add(new Worker(i, workerRoot, file));
        }
        this.events = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                logFiles.forEach(f -> f.status(status, reason));
                JobEventSinks.safe(caller).status(status, reason);
            }

            @Override
            public void log(String worker, String line) {
                for (Worker w : workers) {
                    if (w.name.equals(worker)) {
                        w.logLimit.log(worker, line);
                    }
                }
                JobEventSinks.safe(caller).log(worker, line);
            }

            @Override
            public void info(String message) {
                logFiles.forEach(f -> f.info(message));
                JobEventSinks.safe(caller).info(message);
            }
        };
    }

    String jobName() {
        return plan.jobName();
    }

    String jobId() {
        return handle.jobId();
    }

    @Override
    public JobHandle handle() {
        return handle;
    }

    @Override
    public CompletableFuture<JobResult> completion() {
        return completion;
    }

    @Override
    public void stop(String reason) {
        stop(reason == null || reason.isBlank() ? "stopped by user" : reason, false);
    }

    private void stop(String reason, boolean auto) {
        synchronized (lock) {
            if (finished || stopReason != null) {
                return;
            }
            stopReason = reason;
            autoStopped = auto;
        }
        events.status(JobStatus.TERMINATING, reason);
        timer.execute(this::terminateProcesses);
    }

    /**
     * Stops delivering events to the caller's sink; the job itself runs on, its outputs are synced and
     * {@link #completion()} still completes. (A local job cannot outlive this JVM, so this is all
     * detaching can mean here.)
     */
    @Override
    public void detach() {
        caller = JobEventSink.NONE;
    }

    /** What a container would do that a local process does not, said once so nobody is surprised. */
    static List<String> localDifferences(JobPlan plan) {
        List<String> notes = new ArrayList<>();
        if (plan.image() != null && !plan.image().isBlank()) {
            notes.add("Local run: the image " + plan.image() + " is not used; the command runs with this machine's programs");
        }
        if (!plan.spec().sfsTurbo().isEmpty() || !plan.spec().parallelFileSystems().isEmpty()) {
            notes.add("Local run: SFS Turbo and parallel file system mounts are not mounted");
        }
        return notes;
    }

    /** The runner thread's body. */
    void run() {
        JobResult result;
        try {
            result = lifecycle();
        } catch (RuntimeException | Error e) {
            LOG.error("local job {} failed unexpectedly", handle.jobId(), e);
            result = result(JobStatus.FAILED, 1, null, null, "internal error: " + e);
        }
        finish(result);
    }

    private JobResult lifecycle() {
        events.status(JobStatus.CREATING, null);
        events.info("Job directory: " + root);
        for (String note : localDifferences(plan)) {
            events.info(note);
        }
        try {
            for (Worker w : workers) {
                Files.createDirectories(w.mapper.path(ContainerLayout.MA_LOG_DIR));
                Files.createDirectories(w.mapper.path(plan.spec().algorithm().localCodeDir()));
                Files.createDirectories(w.mapper.path(ContainerLayout.INPUTS_DIR));
                Files.createDirectories(w.mapper.path(ContainerLayout.OUTPUTS_DIR));
                Files.createDirectories(w.mapper.path(ContainerLayout.CACHE_DIR));
            }
        } catch (IOException | RuntimeException e) {
            return result(JobStatus.FAILED, 0, null, null, "cannot create the job directory: " + message(e));
        }
        events.status(JobStatus.PENDING, null);
        if (stopped() != null) {
            return terminated(0, null, null);
        }
        events.status(JobStatus.RUNNING, null);
        ScheduledFuture<?> deadline = null;
        if (plan.deadline() != null) {
            long nanos = scaledDeadline(plan.deadline());
            String text = "auto stop after " + plan.spec().autoStop();
            deadline = timer.schedule(() -> stop(text, true), nanos, TimeUnit.NANOSECONDS);
        }
        try {
            try {
                for (Worker w : workers) {
                    stageCode(w);
                    if (stopped() != null) {
                        return terminated(0, null, null);
                    }
                    stageInputs(w);
                }
            } catch (StagingException e) {
                return result(JobStatus.FAILED, 0, null, null, e.getMessage());
            }
            try {
                jobPython = PythonEnvironment.prepare(plan, root, workers.get(0).mapper, options.python(), events, this::runSetup);
            } catch (PythonEnvironment.SetupException e) {
                return stopped() != null ? terminated(0, null, null) : result(JobStatus.FAILED, 0, null, null, e.getMessage());
            }
            if (stopped() != null) {
                return terminated(0, null, null);
            }
            return attempts();
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private JobResult attempts() {
        int total = Math.max(1, plan.attempts());
        for (int attempt = 1; ; attempt++) {
            if (stopped() != null) {
                return terminated(attempt - 1, null, null);
            }
            if (total > 1) {
                events.info("Attempt " + attempt + " of " + total + (attempt == 1 ? "" : ": restarting the job (auto restart)"));
            }
            try {
                for (Worker w : workers) {
                    prepareOutputs(w);
                }
            } catch (StagingException e) {
                return result(JobStatus.FAILED, attempt, null, null, e.getMessage());
            }
            if (stopped() != null) {
                return terminated(attempt, null, null);
            }
            Exit exit = runAttempt();
            String syncProblem = syncOutputs(true);
            String stop = stopped();
            if (stop != null) {
                return terminated(attempt, exit.worker, exit.code);
            }
            if (exit.startProblem != null) {
                return result(JobStatus.FAILED, attempt, exit.worker, null, exit.startProblem);
            }
            if (exit.code == 0) {
                if (syncProblem != null) {
                    return result(JobStatus.FAILED, attempt, null, null, syncProblem);
                }
                return result(JobStatus.COMPLETED, attempt, null, null, null);
            }
            if (attempt < total) {
                events.info("Attempt " + attempt + " of " + total + " failed: " + exit.worker + " exited with code " + exit.code
                        + "; " + (total - attempt) + " more " + (total - attempt == 1 ? "attempt" : "attempts") + " allowed");
                continue;
            }
            return result(JobStatus.FAILED, attempt, exit.worker, exit.code, io.modelarts.train.events.ExitCodes.hint(exit.code));
        }
    }

    private record Exit(String worker, Integer code, String startProblem) {
    }

    /** Starts every worker's process and waits for them; one failing ends the others (the job failed). */
    private Exit runAttempt() {
        synchronized (lock) {
            if (stopReason != null) {
                return new Exit(null, null, null);
            }
            for (Worker w : workers) {
                try {
                    w.process = start(w);
                } catch (IOException e) {
                    terminateProcesses();
                    return new Exit(w.name, null, "cannot start the boot command: " + message(e));
                }
                w.pump = new Thread(new OutputPump(w.process.output(), line -> events.log(w.name, line)),
                        "local-job-" + handle.jobId() + "-" + w.name);
                w.pump.setDaemon(true);
                w.pump.start();
            }
        }
        ScheduledFuture<?> periodic = timer.scheduleWithFixedDelay(() -> syncOutputs(false),
                options.syncInterval().toNanos(), options.syncInterval().toNanos(), TimeUnit.NANOSECONDS);
        Exit failed = null;
        try {
            List<Worker> running = new ArrayList<>(workers);
            while (!running.isEmpty()) {
                awaitAnyExit(running);
                for (Worker w : List.copyOf(running)) {
                    if (!w.process.isAlive()) {
                        running.remove(w);
                        int code = w.process.exitValue();
                        if (code != 0 && failed == null) {
                            failed = new Exit(w.name, code, null);
                            if (!running.isEmpty()) {
                                events.info(w.name + " exited with code " + code + "; ending the other workers");
                                running.forEach(o -> o.process.kill());
                            }
                        }
                    }
                }
            }
        } finally {
            periodic.cancel(false);
        }
        for (Worker w : workers) {
            // the boot command is done: like a container ending, nothing it left behind survives it
            w.process.kill();
            joinPump(w);
            events.info("Training finished" + (workers.size() == 1 ? "" : " on " + w.name) + ". Exit code "
                    + w.process.exitValue() + ".");
        }
        return failed != null ? failed : new Exit(null, 0, null);
    }

    /** Polls the running workers' processes until one of them ended (the starter may be remote: no futures). */
    private static void awaitAnyExit(List<Worker> running) {
        while (true) {
            for (Worker w : running) {
                if (!w.process.isAlive()) {
                    return;
                }
            }
            try {
                running.get(0).process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // the job ends through stop(), not through interrupting its runner: waiting goes on
            }
        }
    }

    /**
     * Runs a set-up command (creating the job's Python environment, installing its dependencies) as worker 0's
     * process, through the same starter as the workers (in Jenkins: the build's launcher): its output goes to
     * worker 0's log, a stop ends it. Returns its exit code.
     */
    private int runSetup(List<String> command, Path directory) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.length() == 0 ? "" : " ").append(io.modelarts.train.plan.ShellQuoting.quote(word));
        }
        StartedProcess p;
        synchronized (lock) {
            if (stopReason != null) {
                return 143;
            }
            p = backend.processes().start(line.toString(), Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1"), directory);
            setupProcess = p;
        }
        Worker w0 = workers.get(0);
        Thread pump = new Thread(new OutputPump(p.output(), text -> events.log(w0.name, text)),
                "local-job-" + handle.jobId() + "-setup");
        pump.setDaemon(true);
        pump.start();
        try {
            while (!p.waitFor(1, TimeUnit.SECONDS)) {
                // a stop ends the process through terminateProcesses(); waiting goes on until it has ended
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
            return 130;
        } finally {
            synchronized (lock) {
                setupProcess = null;
            }
        }
    }

    private StartedProcess start(Worker w) throws IOException {
        String python = jobPython != null ? jobPython : options.python();
        // a preset job's dependencies were installed once for the job, before the workers started
        String line = plan.commandLine(w.mapper, python, false);
        if (w.index == 0) {
            events.info("Running: " + line);
        }
        ProcessStarter processes = backend.processes();
        Map<String, String> env = new java.util.LinkedHashMap<>();
        environment(w, env, processes.inheritedEnvironment());
        return processes.start(line, env, w.mapper.root());
    }

    private void environment(Worker w, Map<String, String> env, Map<String, String> inherited) {
        int nodes = workers.size();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            hosts.add("localhost");
        }
        env.put("VC_TASK_INDEX", String.valueOf(w.index));
        env.put("RANK", String.valueOf(w.index));
        env.put("VC_WORKER_HOSTS", String.join(",", hosts));
        env.put("MA_CURRENT_IP", "127.0.0.1");
        env.put("MASTER_ADDR", "127.0.0.1");
        env.put("MA_VJ_NAME", handle.jobId());
        env.put("MA_CURRENT_INSTANCE_NAME", handle.jobId() + "-" + w.name);
        Map<String, String> planned = plan.environment(w.mapper);
        for (Map.Entry<String, String> e : planned.entrySet()) {
            String value = e.getValue();
            if (plan.pathVariables().contains(e.getKey())) {
                Map<String, String> visible = new java.util.HashMap<>(inherited);
                visible.putAll(env);
                value = expand(value, visible);
            }
            env.put(e.getKey(), value);
        }
    }

    /** {@code ${NAME}} in a planned path value (e.g. {@code PYTHONPATH}) from the environment; empty elements dropped. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        String s = out.toString();
        if (!s.equals(value) && s.contains(":")) {
            s = String.join(":", java.util.Arrays.stream(s.split(":")).filter(p -> !p.isEmpty()).toList());
        }
        return s;
    }

    private void joinPump(Worker w) {
        try {
            w.pump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void terminateProcesses() {
        List<StartedProcess> live = new ArrayList<>();
        synchronized (lock) {
            if (setupProcess != null) {
                live.add(setupProcess);
            }
            for (Worker w : workers) {
                if (w.process != null) {
                    live.add(w.process);
                }
            }
        }
        if (live.isEmpty()) {
            return;
        }
        live.forEach(StartedProcess::terminate);
        long grace = options.stopGracePeriod().toNanos();
        timer.schedule(() -> live.forEach(StartedProcess::kill), grace, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- staging

    private static final class StagingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StagingException(String message) {
            super(message);
        }
    }

    private void stageCode(Worker w) {
        CodePlan code = plan.code();
        if (code == null) {
            return;
        }
        Path target = w.mapper.path(code.containerDir());
        String where = code.containerDir();
        try {
            TransferReport r;
            if (code.local()) {
                events.info("Copying code from " + code.source() + " to " + where);
                r = LocalFiles.copyTree(Path.of(code.source()), target);
            } else {
                events.info("Downloading code from " + code.source() + " to " + where);
                r = store.download(uri(code.source(), "algorithm.codeDir"), target, progress("Downloading code"));
            }
            events.info("Code ready: " + r.summary());
        } catch (StorageException | UncheckedIOException | IllegalArgumentException e) {
            throw new StagingException("staging the code failed: " + message(e));
        }
    }

    private void stageInputs(Worker w) {
        for (ChannelPlan in : plan.inputs()) {
            Path target = w.mapper.path(in.containerDir());
            try {
                TransferReport r;
                if (in.source() == null || in.source().isBlank()) {
                    throw new StagingException("input " + in.name() + " has no data path");
                } else if (StoragePaths.isObjectPath(in.source())) {
                    events.info("Downloading input " + in.name() + " from " + in.source() + " to " + in.containerDir());
                    r = store.download(uri(in.source(), "inputs." + in.name()), target, progress("Downloading input " + in.name()));
                } else {
                    events.info("Copying input " + in.name() + " from " + in.source() + " to " + in.containerDir());
                    r = LocalFiles.copyInto(Path.of(in.source()), target);
                }
                events.info("Input " + in.name() + " ready: " + r.summary());
            } catch (StorageException | UncheckedIOException | IllegalArgumentException e) {
                throw new StagingException("staging input " + in.name() + " failed: " + message(e));
            }
        }
    }

    /** Empties each output folder and, for predownload outputs, fills it from the output path. */
    private void prepareOutputs(Worker w) {
        try {
            LocalFiles.emptyDirectory(w.mapper.path(ContainerLayout.CACHE_DIR));
        } catch (UncheckedIOException e) {
            LOG.warn("cannot empty {}: {}", ContainerLayout.CACHE_DIR, e.toString());
        }
        for (ChannelPlan out : plan.outputs()) {
            Path dir = w.mapper.path(out.containerDir());
            try {
                LocalFiles.emptyDirectory(dir);
                if (out.predownload()) {
                    events.info("Predownloading output " + out.name() + " from " + out.source() + " to " + out.containerDir());
                    TransferReport r = store.download(outputUri(out), dir, progress("Predownloading output " + out.name()));
                    events.info("Output " + out.name() + " predownloaded: " + r.summary());
                }
            } catch (StorageException | UncheckedIOException | IllegalArgumentException e) {
                throw new StagingException("preparing output " + out.name() + " failed: " + message(e));
            }
        }
    }

    /**
     * Uploads every output folder to its path. The final sync (after the training exited, also after a
     * failure) reports each output like ModelArts does; periodic syncs are quiet unless they fail.
     *
     * @return a problem of the final sync, or {@code null}
     */
    private String syncOutputs(boolean last) {
        if (plan.outputs().isEmpty()) {
            return null;
        }
        syncLock.lock();
        try {
            String problem = null;
            for (ChannelPlan out : plan.outputs()) {
                if (last) {
                    events.info("Training output(parameter name: " + out.name() + ") Uploading.");
                }
                int files = 0;
                long bytes = 0;
                int unchanged = 0;
                long t0 = System.nanoTime();
                try {
                    ObjectUri target = outputUri(out);
                    for (Worker w : workers) {
                        TransferReport r = store.syncUp(w.mapper.path(out.containerDir()), target,
                                last ? progress("Uploading output " + out.name()) : TransferListener.NONE);
                        files += r.files();
                        bytes += r.bytes();
                        unchanged += r.unchanged();
                    }
                    if (last) {
                        TransferReport total = new TransferReport(files, bytes, unchanged, 0, Duration.ofNanos(System.nanoTime() - t0));
                        events.info("Upload of output " + out.name() + " to " + out.source() + " finished: " + total.summary());
                    }
                } catch (StorageException | IllegalArgumentException e) {
                    String text = "uploading output " + out.name() + " to " + out.source() + " failed: " + message(e);
                    events.info((last ? "" : "Periodic sync: ") + text);
                    if (problem == null) {
                        problem = text;
                    }
                }
            }
            return last ? problem : null;
        } catch (RuntimeException e) {
            LOG.warn("output sync of {} failed", handle.jobId(), e);
            return last ? "uploading outputs failed: " + message(e) : null;
        } finally {
            syncLock.unlock();
        }
    }

    private ObjectUri outputUri(ChannelPlan out) {
        if (!StoragePaths.isObjectPath(out.source())) {
            throw new IllegalArgumentException("output " + out.name() + " must be an obs:// or s3:// path, not '" + out.source() + "'");
        }
        return uri(out.source(), "outputs." + out.name());
    }

    private static ObjectUri uri(String text, String what) {
        try {
            return ObjectUri.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private TransferListener progress(String label) {
        return TransferProgress.of(events, label, options.progressQuiet(), TransferProgress.DEFAULT_EVERY);
    }

    // ---------------------------------------------------------------- the end

    private void finish(JobResult result) {
        synchronized (lock) {
            finished = true;
        }
        try {
            savePersistentLog();
            events.status(result.status(), statusReason(result));
            logFiles.forEach(FileLogSink::close);
            writeResultFile(result);
            cleanUp();
        } catch (RuntimeException | Error e) {
            LOG.error("finishing local job {} failed", handle.jobId(), e);
        } finally {
            // whatever happened above, whoever waits learns how the job ended
            timer.shutdownNow();
            backend.finished(this);
            completion.complete(result);
        }
    }

    private void savePersistentLog() {
        String target = plan.spec().persistentLogPath();
        if (target == null || target.isBlank()) {
            return;
        }
        try {
            ObjectUri folder = uri(target, "persistentLogPath");
            for (FileLogSink f : logFiles) {
                for (Path file : f.files()) {
                    ObjectUri dest = folder.resolve(file.getFileName().toString());
                    events.info("Saving the log to " + dest);
                    // the upload reads the file as it is now; later lines (the final status) stay local
                    store.putFile(file, dest);
                }
            }
        } catch (StorageException | IllegalArgumentException e) {
            events.info("Saving the log to " + target + " failed: " + message(e));
        }
    }

    private void writeResultFile(JobResult r) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("jobName", plan.jobName());
        p.setProperty("jobId", handle.jobId());
        p.setProperty("status", r.status().displayName());
        p.setProperty("attempts", String.valueOf(r.attempts()));
        if (r.worker() != null) {
            p.setProperty("worker", r.worker());
        }
        if (r.exitCode() != null) {
            p.setProperty("exitCode", String.valueOf(r.exitCode()));
        }
        if (r.reason() != null) {
            p.setProperty("reason", r.reason());
        }
        if (r.duration() != null) {
            p.setProperty("durationMillis", String.valueOf(r.duration().toMillis()));
        }
        try (var w = Files.newBufferedWriter(root.resolve(RESULT_FILE))) {
            p.store(w, "result of a local ModelArts training job");
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", root.resolve(RESULT_FILE), e.toString());
        }
    }

    private void cleanUp() {
        try {
            for (Worker w : workers) {
                LocalFiles.deleteTree(w.mapper.path(ContainerLayout.CACHE_DIR));
            }
            if (!options.keepJobDirectory()) {
                List<Path> keep = new ArrayList<>();
                keep.add(root.resolve(RESULT_FILE));
                for (Worker w : workers) {
                    keep.add(w.mapper.path(ContainerLayout.MA_LOG_DIR));
                }
                LocalFiles.deleteExcept(root, keep);
            }
        } catch (UncheckedIOException e) {
            LOG.warn("cannot clean up job directory {}: {}", root, e.toString());
        }
    }

    static JobResult readResultFile(Path jobDirectory) {
        Path file = jobDirectory.resolve(RESULT_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            return null;
        }
        JobStatus status = JobStatus.fromDisplayName(p.getProperty("status", ""));
        if (status == null) {
            return null;
        }
        String exit = p.getProperty("exitCode");
        String millis = p.getProperty("durationMillis");
        try {
            return new JobResult(status, Integer.parseInt(p.getProperty("attempts", "1")), p.getProperty("worker"),
                    exit == null ? null : Integer.valueOf(exit), p.getProperty("reason"),
                    millis == null ? null : Duration.ofMillis(Long.parseLong(millis)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- helpers

    private String stopped() {
        synchronized (lock) {
            return stopReason;
        }
    }

    private JobResult terminated(int attempts, String worker, Integer exitCode) {
        String reason;
        synchronized (lock) {
            reason = stopReason;
        }
        return result(JobStatus.TERMINATED, Math.max(attempts, 1), worker, exitCode, reason);
    }

    private JobResult result(JobStatus status, int attempts, String worker, Integer exitCode, String reason) {
        return new JobResult(status, Math.max(attempts, 1), worker, exitCode, reason, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static String statusReason(JobResult r) {
        StringBuilder s = new StringBuilder();
        if (r.status() == JobStatus.FAILED && r.exitCode() != null) {
            s.append(r.worker() == null ? "" : r.worker() + " ").append("exit code ").append(r.exitCode());
        }
        if (r.reason() != null && !r.reason().isBlank()) {
            if (s.length() > 0) {
                s.append(": ");
            }
            s.append(r.reason());
        }
        return s.length() == 0 ? null : s.toString();
    }

    private long scaledDeadline(Duration deadline) {
        // deadline is a whole number of hours; one hour lasts options.autoStopHour()
        double hours = deadline.toSeconds() / 3600.0;
        return (long) (hours * options.autoStopHour().toNanos());
    }

    boolean autoStopped() {
        synchronized (lock) {
            return autoStopped;
        }
    }

    private static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}

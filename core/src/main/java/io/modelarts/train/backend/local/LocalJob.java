package io.modelarts.train.backend.local;

import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.ExitCodes;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.JobEventSinks;
import io.modelarts.train.logs.LogLimit;
import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.ShellQuoting;
import io.modelarts.train.storage.ObjectStore;
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

/**
 * One job run by the {@link LocalBackend}: a runner thread walks it through its life (stage, run each
 * attempt, sync, finish); a small scheduler runs the periodic output sync, the auto-stop deadline
 * and the escalation from SIGTERM to SIGKILL.
 */
final class LocalJob implements RunningJob {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    private final LocalBackend backend;
    private final JobPlan plan;
    private final ObjectStore store;
    private final LocalBackendOptions options;
    private final LocalJobHandle handle;
    private final Path root;
    private final List<LocalWorker> workers = new ArrayList<>();
    private final CompletableFuture<JobResult> completion = new CompletableFuture<>();
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private final long startNanos = System.nanoTime();

    private volatile JobEventSink caller;
    /** Events go to the caller and to each worker's log file in {@code MA_LOG_DIR}. */
    private final JobEventSink events;
    private final List<FileLogSink> logFiles = new ArrayList<>();
    private final JobTransfers transfers;

    /** The interpreter of a preset job: the job's own virtual environment's; null until it is made. */
    private volatile String jobPython;

    // guarded by lock
    private StartedProcess setupProcess;
    private String stopReason;
    private boolean autoStopped;
    private boolean finished;

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
            workers.add(new LocalWorker(i, workerRoot, file));
        }
        this.events = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                logFiles.forEach(f -> f.status(status, reason));
                JobEventSinks.safe(caller).status(status, reason);
            }

            @Override
            public void log(String worker, String line) {
                for (LocalWorker w : workers) {
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
        this.transfers = new JobTransfers(plan, store, options, events, handle.jobId(),
                workers.stream().map(w -> w.mapper).toList());
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
            for (LocalWorker w : workers) {
                Files.createDirectories(w.mapper.path(ContainerLayout.MA_LOG_DIR));
                Files.createDirectories(w.mapper.path(plan.spec().algorithm().localCodeDir()));
                Files.createDirectories(w.mapper.path(ContainerLayout.INPUTS_DIR));
                Files.createDirectories(w.mapper.path(ContainerLayout.OUTPUTS_DIR));
                Files.createDirectories(w.mapper.path(ContainerLayout.CACHE_DIR));
            }
        } catch (IOException | RuntimeException e) {
            return result(JobStatus.FAILED, 0, null, null, "cannot create the job directory: " + JobTransfers.message(e));
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
                for (LocalWorker w : workers) {
                    transfers.stageCode(w.mapper);
                    if (stopped() != null) {
                        return terminated(0, null, null);
                    }
                    transfers.stageInputs(w.mapper);
                }
            } catch (JobTransfers.StagingException e) {
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
                for (LocalWorker w : workers) {
                    transfers.prepareOutputs(w.mapper);
                }
            } catch (JobTransfers.StagingException e) {
                return result(JobStatus.FAILED, attempt, null, null, e.getMessage());
            }
            if (stopped() != null) {
                return terminated(attempt, null, null);
            }
            Exit exit = runAttempt();
            String syncProblem = transfers.syncOutputs(true);
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
            return result(JobStatus.FAILED, attempt, exit.worker, exit.code, ExitCodes.hint(exit.code));
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
            for (LocalWorker w : workers) {
                try {
                    w.process = start(w);
                } catch (IOException e) {
                    terminateProcesses();
                    return new Exit(w.name, null, "cannot start the boot command: " + JobTransfers.message(e));
                }
                w.pump = new Thread(new OutputPump(w.process.output(), line -> events.log(w.name, line)),
                        "local-job-" + handle.jobId() + "-" + w.name);
                w.pump.setDaemon(true);
                w.pump.start();
            }
        }
        ScheduledFuture<?> periodic = timer.scheduleWithFixedDelay(() -> transfers.syncOutputs(false),
                options.syncInterval().toNanos(), options.syncInterval().toNanos(), TimeUnit.NANOSECONDS);
        Exit failed = null;
        try {
            List<LocalWorker> running = new ArrayList<>(workers);
            while (!running.isEmpty()) {
                awaitAnyExit(running);
                for (LocalWorker w : List.copyOf(running)) {
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
        for (LocalWorker w : workers) {
            // the boot command is done: like a container ending, nothing it left behind survives it
            w.process.kill();
            joinPump(w);
            events.info("Training finished" + (workers.size() == 1 ? "" : " on " + w.name) + ". Exit code "
                    + w.process.exitValue() + ".");
        }
        return failed != null ? failed : new Exit(null, 0, null);
    }

    /** Polls the running workers' processes until one of them ended (the starter may be remote: no futures). */
    private static void awaitAnyExit(List<LocalWorker> running) {
        boolean interrupted = false;
        try {
            while (true) {
                for (LocalWorker w : running) {
                    if (!w.process.isAlive()) {
                        return;
                    }
                }
                try {
                    running.get(0).process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // the job ends through stop(), not through interrupting its runner: waiting goes on, and
                    // whoever interrupted the thread finds the flag set again when the workers have ended
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
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
            line.append(line.length() == 0 ? "" : " ").append(ShellQuoting.quote(word));
        }
        StartedProcess p;
        synchronized (lock) {
            if (stopReason != null) {
                return 143;
            }
            p = backend.processes().start(line.toString(), Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1"), directory);
            setupProcess = p;
        }
        LocalWorker w0 = workers.get(0);
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

    private StartedProcess start(LocalWorker w) throws IOException {
        String python = jobPython != null ? jobPython : options.python();
        // a preset job's dependencies were installed once for the job, before the workers started
        String line = plan.commandLine(w.mapper, python, false);
        if (w.index == 0) {
            events.info("Running: " + line);
        }
        ProcessStarter processes = backend.processes();
        Map<String, String> env = WorkerEnvironment.of(plan, w.mapper, w.index, w.name, workers.size(), handle.jobId(),
                processes.inheritedEnvironment());
        return processes.start(line, env, w.mapper.root());
    }

    private void joinPump(LocalWorker w) {
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
            for (LocalWorker w : workers) {
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

    // ---------------------------------------------------------------- the end

    private void finish(JobResult result) {
        synchronized (lock) {
            finished = true;
        }
        try {
            transfers.savePersistentLog(logFiles);
            events.status(result.status(), statusReason(result));
            logFiles.forEach(FileLogSink::close);
            JobResultFile.write(root, plan.jobName(), handle.jobId(), result);
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

    private void cleanUp() {
        try {
            for (LocalWorker w : workers) {
                LocalFiles.deleteTree(w.mapper.path(ContainerLayout.CACHE_DIR));
            }
            if (!options.keepJobDirectory()) {
                List<Path> keep = new ArrayList<>();
                keep.add(root.resolve(JobResultFile.NAME));
                for (LocalWorker w : workers) {
                    keep.add(w.mapper.path(ContainerLayout.MA_LOG_DIR));
                }
                LocalFiles.deleteExcept(root, keep);
            }
        } catch (UncheckedIOException e) {
            LOG.warn("cannot clean up job directory {}: {}", root, e.toString());
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

}

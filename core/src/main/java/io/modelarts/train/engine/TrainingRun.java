package io.modelarts.train.engine;

import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.JobEventSinks;
import io.modelarts.train.logs.LogLimit;
import io.modelarts.train.logs.SecretMasker;
import io.modelarts.train.logs.WorkerPrefixSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The second half of the flow shared by the CLI and Jenkins: submit a planned job to a backend, stream
 * its events (masked, worker-prefixed for multi-node jobs) to the caller's sink and to per-worker log
 * files, and once it ended, however it ended, collect its outputs into the artifacts folder.
 *
 * <p>Asynchronous: {@link #start} returns once the job is submitted, and {@link #outcome()} completes
 * without any thread of the caller's waiting (the Jenkins step). A blocking front end (the CLI, the freestyle
 * builder) calls {@link #awaitStoppingOnInterrupt}, which stops the job when the waiting thread is interrupted.
 *
 * <pre>{@code
 * JobPreparation prep = JobPreparation.fromFiles(jobFile, null, false);
 * TrainingRun run = TrainingRun.start(prep.plan(), backend, store, RunSettings.into(dir), new ConsoleSink(System.out));
 * RunOutcome outcome = run.await();
 * }</pre>
 */
public final class TrainingRun {

    static final String LOGS_DIR = "logs";
    private static final Logger LOG = Logger.getLogger(TrainingRun.class.getName());

    private final JobPlan plan;
    private final RunningJob job;
    private final CompletableFuture<RunOutcome> outcome;

    private TrainingRun(JobPlan plan, RunningJob job, CompletableFuture<RunOutcome> outcome) {
        this.plan = plan;
        this.job = job;
        this.outcome = outcome;
    }

    /**
     * Prepares the artifacts folder (writing the effective spec first), submits the job and returns.
     *
     * @param sink where the caller shows the job (console, build log); it receives masked events
     * @throws EngineException when the artifacts folder cannot be used or the backend refuses the job
     */
    public static TrainingRun start(JobPlan plan, Backend backend, ObjectStore store, RunSettings settings, JobEventSink sink) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(backend, "backend");
        Path artifacts = ArtifactsDirectory.prepare(settings.artifactsDir());
        Path effective = writeEffectiveSpec(plan, settings, artifacts);
        JobEventSink[] warnings = {JobEventSink.NONE};
        RetrainArtifacts retrain = new RetrainArtifacts(plan, settings.baseline(), artifacts, message -> warnings[0].info(message));
        // before anything is staged or submitted: an unchanged job may not need to run at all
        JobEventSink early = SecretMasker.wrap(JobEventSinks.tee(sink == null ? JobEventSink.NONE : sink, retrain.timeline),
                settings.secrets());
        retrain.writeFingerprint(store, early);
        String skip = retrain.skipReason();
        if (skip != null) {
            early.info(skip);
            RetrainArtifacts.Finished f = retrain.skipped(skip, early);
            JobResult none = new JobResult(JobStatus.COMPLETED, 0, null, null, skip, Duration.ZERO);
            return new TrainingRun(plan, null, CompletableFuture.completedFuture(new RunOutcome(none, artifacts, effective, List.of(),
                    List.of(), List.of(), f.metrics(), f.gate(), retrain.fingerprint(), skip, f.report())));
        }
        if (plan.spec().retraining().skipIfUnchanged() && settings.baseline() != null) {
            String changes = retrain.changes();
            early.info(changes == null || changes.isEmpty() ? "Not skipped: the baseline " + settings.baseline().label()
                    + " has no fingerprint to compare with" : "Not skipped: " + changes + " changed since " + settings.baseline().label());
        }
        FileLogSink files = new FileLogSink(artifacts.resolve(LOGS_DIR), plan.nodes());
        JobEventSink events = events(plan, settings, sink, files, w -> 0, retrain);
        warnings[0] = events;
        RunningJob job;
        try {
            JobPlan submitted = !backend.readsLocalPaths() && LocalStaging.needed(plan)
                    ? LocalStaging.stage(plan, store, events) : plan;
            job = backend.submit(submitted, events);
        } catch (RuntimeException e) {
            events.status(JobStatus.FAILED, "the job could not be submitted to the " + backend.name() + " backend: " + message(e));
            files.close();
            throw new EngineException("the " + backend.name() + " backend could not start job " + plan.jobName() + ": " + message(e), e);
        }
        return new TrainingRun(plan, job, finish(plan, job, store, settings, artifacts, effective, files, events, retrain));
    }

    /**
     * {@link #start} on {@code executor}, for callers that must not do I/O on their own thread (a Jenkins
     * step's {@code start()}); the future fails with an {@link EngineException} when the run cannot start.
     */
    public static CompletableFuture<TrainingRun> startAsync(JobPlan plan, Backend backend, ObjectStore store, RunSettings settings,
                                                            JobEventSink sink, Executor executor) {
        return CompletableFuture.supplyAsync(() -> start(plan, backend, store, settings, sink), executor);
    }

    /**
     * Continues watching a job submitted earlier (Jenkins after a controller restart): log files are
     * appended to, outputs are collected when it ends. The artifacts folder is not cleared.
     */
    public static TrainingRun attach(JobHandle handle, JobPlan plan, Backend backend, ObjectStore store, RunSettings settings,
                                     JobEventSink sink) {
        Path artifacts = settings.artifactsDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(artifacts);
        } catch (IOException e) {
            throw new EngineException("cannot create the artifacts folder " + artifacts + ": " + e.getMessage(), e);
        }
        Path effective = artifacts.resolve(EffectiveSpecWriter.FILE_NAME);
        FileLogSink files = FileLogSink.appending(artifacts.resolve(LOGS_DIR), plan.nodes());
        JobEventSink[] warnings = {JobEventSink.NONE};
        RetrainArtifacts retrain = new RetrainArtifacts(plan, settings.baseline(), artifacts, message -> warnings[0].info(message));
        retrain.replay(files.file(io.modelarts.train.metrics.MetricsRecorder.DEFAULT_WORKER));
        JobEventSink events = events(plan, settings, sink, files, files::sizeOf, retrain);
        warnings[0] = events;
        // further attempts of a cluster job read the staged copies uploaded at submission
        RunningJob job = backend.attach(handle, backend.readsLocalPaths() ? plan : LocalStaging.rewrite(plan), events);
        return new TrainingRun(plan, job, finish(plan, job, store, settings, artifacts, effective, files, events, retrain));
    }

    /** What to persist to re-attach later; null for a skipped run (no job was submitted). */
    public JobHandle handle() {
        return job == null ? null : job.handle();
    }

    public JobPlan plan() {
        return plan;
    }

    /** Completes once the job ended and its outputs were collected; never completes exceptionally for a job failure. */
    public CompletableFuture<RunOutcome> outcome() {
        return outcome;
    }

    /** Blocks until {@link #outcome()} completes. */
    public RunOutcome await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new EngineException("the run failed: " + cause, cause);
        }
    }

    /**
     * {@link #await()}, stopping the job when the waiting thread is interrupted (a Jenkins abort, Ctrl-C on the
     * command line): {@code announce} runs, the job is stopped with {@code reason}, and its outcome (the outputs
     * synced and collected so far) is awaited for up to {@code grace} more. Every front end waits for a run this way.
     *
     * @throws RunInterruptedException when the thread was interrupted; it carries the outcome, or null when the job
     *         had not ended within {@code grace} (then logged as a timeout)
     */
    public RunOutcome awaitStoppingOnInterrupt(String reason, Duration grace, Runnable announce) throws InterruptedException {
        try {
            return await();
        } catch (InterruptedException e) {
            if (announce != null) {
                announce.run();
            }
            stop(reason);
            RunOutcome stopped = null;
            String message = "interrupted; the job was stopped (" + reason + ")";
            try {
                stopped = outcome.get(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException t) {
                message = "interrupted; the job was stopped (" + reason + ") but had not ended after " + grace;
                LOG.log(Level.WARNING, "job {0} had not ended {1} after it was stopped; no longer waiting",
                        new Object[] {plan.jobName(), grace});
            } catch (ExecutionException x) {
                LOG.log(Level.WARNING, "job " + plan.jobName() + " failed while stopping", x.getCause());
            } catch (InterruptedException again) {
                e.addSuppressed(again); // interrupted again: waiting ends here
            }
            throw new RunInterruptedException(message, stopped, e);
        }
    }

    /** Stops the job; the outcome still follows, with the outputs synced so far collected. Harmless when repeated. */
    public void stop(String reason) {
        if (job != null) {
            job.stop(reason);
        }
    }

    /** Stops watching; the job goes on (see the backend for what that means). */
    public void detach() {
        if (job != null) {
            job.detach();
        }
    }

    private static JobEventSink events(JobPlan plan, RunSettings settings, JobEventSink sink, FileLogSink files,
                                       java.util.function.ToLongFunction<String> alreadyKept, RetrainArtifacts retrain) {
        JobEventSink shown = WorkerPrefixSink.forNodes(sink == null ? JobEventSink.NONE : sink, plan.nodes());
        // metrics and the timeline read the masked lines as they pass: the log file is never read again
        JobEventSink all = JobEventSinks.tee(shown, files, retrain.recorder, retrain.timeline);
        return LogLimit.wrap(SecretMasker.wrap(all, settings.secrets()), settings.maxLogBytes(), alreadyKept);
    }

    private static Path writeEffectiveSpec(JobPlan plan, RunSettings settings, Path artifacts) {
        Path effective = artifacts.resolve(EffectiveSpecWriter.FILE_NAME);
        try {
            Files.writeString(effective, EffectiveSpecWriter.toYaml(plan, settings.secrets()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("cannot write " + effective + ": " + e.getMessage(), e);
        }
        return effective;
    }

    private static CompletableFuture<RunOutcome> finish(JobPlan plan, RunningJob job, ObjectStore store, RunSettings settings,
                                                       Path artifacts, Path effective, FileLogSink files, JobEventSink events,
                                                       RetrainArtifacts retrain) {
        boolean collect = settings.collectOutputs() && store != null && !plan.outputs().isEmpty();
        // collecting may take long and gets a thread of its own; without it the outcome follows on the backend's thread
        Executor ownThread = !collect ? Runnable::run : r -> {
            Thread t = new Thread(r, "modelarts-collect-" + plan.jobName());
            t.setDaemon(false);
            t.start();
        };
        return job.completion()
                .handle((result, failure) -> result != null ? result : backendFailure(failure))
                .thenApplyAsync(result -> {
                    List<String> problems = new ArrayList<>();
                    List<RunOutcome.CollectedOutput> collected = new ArrayList<>();
                    RetrainArtifacts.Finished retrained = null;
                    try {
                        if (collect) {
                            OutputCollection.collect(plan, store, artifacts, settings, events, collected, problems);
                        }
                    } catch (RuntimeException e) {
                        problems.add("collecting outputs failed: " + message(e));
                        events.info("Collecting outputs failed: " + message(e));
                    } finally {
                        try {
                            // the verdict and the report's lines still go into the log files
                            retrained = retrain.finish(result, collected, files.files(), problems, events);
                        } finally {
                            files.close();
                        }
                    }
                    List<Path> logs = new ArrayList<>(files.files());
                    return new RunOutcome(result, artifacts, effective, logs, collected, problems, retrained.metrics(), retrained.gate(),
                            retrain.fingerprint(), null, retrained.report());
                }, ownThread);
    }

    private static JobResult backendFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String reason = cause instanceof CancellationException ? "watching the job was cancelled" : "the backend failed: " + message(cause);
        return new JobResult(JobStatus.ABNORMAL, 0, null, null, reason, Duration.ZERO);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}

package io.modelarts.train.backend.local;

import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a planned job as local processes, with the ModelArts container contract: a job directory laid
 * out like the container ({@link JobDirectoryMapper}), the code, inputs and (predownloaded) outputs
 * staged from the object store or local folders, every {@code MA_*}/{@code VC_*} variable, the boot
 * command as {@code /bin/sh -c} of one line with shell-quoted arguments, stdout and stderr streamed
 * line by line, outputs synced while running and after exit (also after a failure), auto stop, auto
 * restart, stop and persistent log saving.
 *
 * <p>Statuses: Creating, Pending, Running, then Completed, Failed or Terminated (via Terminating).
 * A job with {@code nodes > 1} runs one process per worker, each in its own folder
 * {@code <job dir>/worker-<i>} with {@code VC_TASK_INDEX}/{@code RANK} set.
 *
 * <p>The object store is the caller's; {@link #close()} stops jobs still running but does not close it.
 */
public final class LocalBackend implements Backend {

    public static final String NAME = LocalJobHandle.BACKEND;
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStore store;
    private final LocalBackendOptions options;
    private final ProcessStarter processes;
    private final Map<String, LocalJob> running = new ConcurrentHashMap<>();

    public LocalBackend(ObjectStore store, LocalBackendOptions options) {
        this(store, options, ProcessStarter.OPERATING_SYSTEM);
    }

    /** With the boot commands started by {@code processes} (Jenkins: the build's launcher). */
    public LocalBackend(ObjectStore store, LocalBackendOptions options, ProcessStarter processes) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    ProcessStarter processes() {
        return processes;
    }

    public LocalBackendOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Starts the job on a thread of its own and returns at once. While the same submission (job name and
     * submission key) runs in this backend, submitting it again returns that job (its events keep going to
     * the first sink).
     */
    @Override
    public synchronized RunningJob submit(JobPlan plan, JobEventSink sink) {
        Objects.requireNonNull(plan, "plan");
        // one process, folder and thread per node: a plan built by code must not make that unbounded
        String nodes = io.modelarts.train.spec.Resources.nodesProblem(Math.max(1, plan.nodes()));
        if (nodes != null) {
            throw new IllegalArgumentException("resources.nodes: " + nodes);
        }
        for (LocalJob j : running.values()) {
            if (j.submissionId().equals(plan.submissionId())) {
                return j;
            }
        }
        String jobId = jobId(plan.jobName());
        Path dir = options.workRoot().toAbsolutePath().normalize().resolve(jobId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job directory " + dir + ": " + e.getMessage(), e);
        }
        LocalJob job = new LocalJob(this, plan, store, options, new LocalJobHandle(plan.jobName(), jobId, dir.toString()), sink);
        running.put(jobId, job);
        Thread t = new Thread(job::run, "local-job-" + jobId);
        t.start();
        return job;
    }

    /**
     * Local jobs live in this JVM's processes, so re-attaching can only be honest about what is known:
     * <ul>
     *   <li>a job of this handle still running in this backend: that job (events keep going to the
     *       sink it was submitted with; a new sink is not added);</li>
     *   <li>a finished job whose directory still holds its {@code job-result.properties}: its result;</li>
     *   <li>anything else: {@code Abnormal}, "state unknown", since the process that ran it is gone.</li>
     * </ul>
     * No attempt is ever restarted by attaching.
     */
    @Override
    public RunningJob attach(JobHandle handle, JobPlan plan, JobEventSink sink) {
        if (!(handle instanceof LocalJobHandle h)) {
            throw new IllegalArgumentException("not a local job handle: " + handle);
        }
        LocalJob live = running.get(h.jobId());
        if (live != null) {
            return live;
        }
        JobEventSink out = sink == null ? JobEventSink.NONE : sink;
        JobResult result = JobResultFile.read(Path.of(h.jobDirectory()));
        if (result == null) {
            result = new JobResult(JobStatus.ABNORMAL, 0, null, null,
                    "state unknown: local job " + h.jobId() + " is not running in this process and left no result", null);
        }
        out.status(result.status(), result.reason());
        return new FinishedJob(h, result);
    }

    /** Stops every job still running (they end Terminated, outputs synced) and waits briefly for them. */
    @Override
    public void close() {
        List<LocalJob> jobs = List.copyOf(running.values());
        jobs.forEach(j -> j.stop("the local backend was closed"));
        long waitMillis = options.stopGracePeriod().toMillis() + 30_000;
        for (LocalJob j : jobs) {
            try {
                j.completion().get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // the jobs were told to stop; the caller wants to go on: stop waiting and keep the interrupt
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while waiting for local job {} to stop", j.jobId());
                return;
            } catch (TimeoutException e) {
                LOG.warn("local job {} did not stop within {} ms of closing the backend; no longer waiting", j.jobId(), waitMillis);
            } catch (ExecutionException e) {
                LOG.warn("local job {} failed while stopping", j.jobId(), e.getCause());
            }
        }
    }

    void finished(LocalJob job) {
        running.remove(job.jobId());
    }

    static String jobId(String name) {
        byte[] b = new byte[2];
        RANDOM.nextBytes(b);
        return name + "-" + LocalDateTime.now().format(STAMP) + "-" + HexFormat.of().formatHex(b);
    }

    /** A job known only by its recorded result. */
    private record FinishedJob(LocalJobHandle handle, JobResult result) implements RunningJob {
        @Override
        public CompletableFuture<JobResult> completion() {
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public void stop(String reason) {
        }

        @Override
        public void detach() {
        }
    }
}

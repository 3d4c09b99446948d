package io.modelarts.train.backend;

import io.modelarts.train.events.JobResult;

import java.util.concurrent.CompletableFuture;

/** A submitted job being watched. Waiting on it holds no thread: use {@link #completion()}. */
public interface RunningJob {

    /** A snapshot of where watching stands now; persist it to re-attach later without losing or repeating log lines. */
    JobHandle handle();

    /** Completes once the job reached a final status and its last log lines were delivered. */
    CompletableFuture<JobResult> completion();

    /**
     * Stops the job (deletes it with its pods, kills the process tree), returning quickly. The
     * completion then completes with {@code Terminated}. Calling it again, or after the end, is harmless.
     */
    void stop(String reason);

    /** Stops watching without stopping the job (the process going away, e.g. a controller shutdown). */
    void detach();
}

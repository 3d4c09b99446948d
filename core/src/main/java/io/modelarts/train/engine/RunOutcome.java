package io.modelarts.train.engine;

import io.modelarts.train.events.JobResult;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended: the job's result, and what was archived.
 *
 * @param result          the backend's result (final status, attempts, exit code, reason)
 * @param artifactsDir    the artifacts folder
 * @param effectiveSpec   {@code <artifacts>/job-spec.effective.yaml}
 * @param logFiles        the full per-worker logs, {@code <artifacts>/logs/worker-<i>.log}
 * @param outputs         each collected output: its name, source, local folder and what was downloaded
 * @param problems        what went wrong while collecting (empty when all went well)
 */
public record RunOutcome(JobResult result, Path artifactsDir, Path effectiveSpec, List<Path> logFiles,
                         List<CollectedOutput> outputs, List<String> problems) {

    public RunOutcome {
        logFiles = List.copyOf(logFiles);
        outputs = List.copyOf(outputs);
        problems = List.copyOf(problems);
    }

    /** The job completed and its outputs were collected without a problem. */
    public boolean succeeded() {
        return result.isSuccess() && problems.isEmpty();
    }

    /**
     * One collected output.
     *
     * @param name    the output's name ({@code train_url})
     * @param source  its object-store path
     * @param dir     where its files are now
     * @param files   files kept
     * @param bytes   bytes kept
     */
    public record CollectedOutput(String name, String source, Path dir, int files, long bytes) {
    }
}

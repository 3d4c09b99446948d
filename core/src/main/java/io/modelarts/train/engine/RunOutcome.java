package io.modelarts.train.engine;

import io.modelarts.train.events.JobResult;
import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.metrics.RunMetrics;

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
 * @param metrics         the metrics read from the log ({@code metrics.json}); a skipped run keeps the baseline's
 * @param gate            the regression gate's verdict ({@link GateVerdict#NONE} without a gate)
 * @param fingerprint     what the run trained with ({@code fingerprint.json}), or null when it could not be computed
 * @param skipped         why no job ran ({@code skipped: job, code and inputs unchanged since ...}), or null when one ran
 * @param report          {@code <artifacts>/report.html}, or null when it could not be written
 */
public record RunOutcome(JobResult result, Path artifactsDir, Path effectiveSpec, List<Path> logFiles,
                         List<CollectedOutput> outputs, List<String> problems, RunMetrics metrics, GateVerdict gate,
                         Fingerprint fingerprint, String skipped, Path report) {

    public RunOutcome {
        logFiles = List.copyOf(logFiles);
        outputs = List.copyOf(outputs);
        problems = List.copyOf(problems);
        metrics = metrics == null ? RunMetrics.EMPTY : metrics;
        gate = gate == null ? GateVerdict.NONE : gate;
    }

    /** A run without metrics, gate, fingerprint or report. */
    public RunOutcome(JobResult result, Path artifactsDir, Path effectiveSpec, List<Path> logFiles,
                      List<CollectedOutput> outputs, List<String> problems) {
        this(result, artifactsDir, effectiveSpec, logFiles, outputs, problems, null, null, null, null, null);
    }

    /** The job completed but the regression gate failed: the run is "Regressed" (CLI exit code 4, Jenkins UNSTABLE). */
    public boolean regressed() {
        return result.isSuccess() && gate.failed();
    }

    /** No job ran: job, code and inputs equal the baseline's and the job asked to skip such runs. */
    public boolean wasSkipped() {
        return skipped != null;
    }

    /** The run's final word: Skipped, Regressed, or the job's status (Completed, Failed, ...). */
    public String statusName() {
        if (wasSkipped()) {
            return "Skipped";
        }
        return regressed() ? "Regressed" : result.status().displayName();
    }

    /**
     * The job completed and its outputs were collected without a problem (a skipped run counts as succeeded; the
     * gate's verdict is separate: see {@link #regressed()}).
     */
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

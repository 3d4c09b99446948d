package io.modelarts.train.report;

import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.metrics.RunMetrics;

import java.time.Instant;
import java.util.List;

/**
 * What {@link TrainingReport} shows of one run.
 *
 * @param jobName       the job's name
 * @param status        the run's final word: Completed, Regressed, Failed, Abnormal, Terminated, Skipped
 * @param detail        one sentence on how it ended ({@code JobResult.describe()}), or why it was skipped
 * @param started       when the run began
 * @param ended         when it ended
 * @param attempts      attempts that ran
 * @param timeline      status changes and platform messages
 * @param dropped       platform messages left out of a very long timeline
 * @param workers       each worker's output times, size and exit code
 * @param metrics       this run's metrics
 * @param baseline      the baseline's metrics, or null
 * @param baselineLabel what the baseline is, or null
 * @param gate          the gate's verdict
 * @param outputs       links to the collected outputs
 * @param logs          links to the per-worker logs
 * @param fingerprint   what the run trained with, or null when it could not be computed
 * @param problems      what went wrong around the job (collecting outputs...)
 */
public record ReportData(String jobName, String status, String detail, Instant started, Instant ended, int attempts,
                         List<RunTimeline.Entry> timeline, int dropped, List<RunTimeline.Worker> workers, RunMetrics metrics,
                         RunMetrics baseline, String baselineLabel, GateVerdict gate, List<Link> outputs, List<Link> logs,
                         Fingerprint fingerprint, List<String> problems) {

    /**
     * A link from the report to a file or folder beside it in the artifacts.
     *
     * @param label  what is shown
     * @param href   the path relative to the report
     * @param detail a note (size, source), or null
     */
    public record Link(String label, String href, String detail) {
    }

    public ReportData {
        timeline = List.copyOf(timeline);
        workers = List.copyOf(workers);
        outputs = List.copyOf(outputs);
        logs = List.copyOf(logs);
        problems = List.copyOf(problems);
        metrics = metrics == null ? RunMetrics.EMPTY : metrics;
        gate = gate == null ? GateVerdict.NONE : gate;
    }
}

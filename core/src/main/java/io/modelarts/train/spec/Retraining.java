package io.modelarts.train.spec;

import io.modelarts.train.metrics.MetricRule;

import java.util.List;

/**
 * The job's retraining settings: which metrics its log prints, the regression gate, and whether an unchanged run
 * is skipped. None of them changes how the job trains.
 *
 * @param metrics         {@code metrics:}: metrics read from the log by regex (JSON metric lines need none)
 * @param gate            {@code gate:}: conditions as written, e.g. {@code accuracy >= baseline.accuracy - 0.01}
 * @param skipIfUnchanged {@code skipIfUnchanged:}: no run when job, code and inputs equal the baseline's
 */
public record Retraining(List<MetricRule> metrics, List<String> gate, boolean skipIfUnchanged) {

    /** No metrics, no gate, never skipped: a job file without these fields. */
    public static final Retraining NONE = new Retraining(List.of(), List.of(), false);

    public Retraining {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        gate = gate == null ? List.of() : List.copyOf(gate);
    }

    public boolean isEmpty() {
        return metrics.isEmpty() && gate.isEmpty() && !skipIfUnchanged;
    }
}

package io.modelarts.train.gate;

import io.modelarts.train.metrics.RunMetrics;

import java.util.ArrayList;
import java.util.List;

/** Checks a job's {@code gate:} conditions against a run's metrics and, where they refer to it, a baseline's. */
public final class Gate {

    private Gate() {
    }

    /**
     * The verdict on {@code run}. A condition whose metric this run did not print fails; a condition on a baseline
     * that does not exist, or that has no value of that metric, passes with a note.
     *
     * @param conditions    the job's gate, as written (each parsed with {@link GateCondition#parse})
     * @param run           this run's metrics
     * @param baseline      the baseline's metrics, or null when there is no baseline yet
     * @param baselineLabel what the baseline is, for people ({@code build #41}); null without one
     * @throws IllegalArgumentException when a condition does not parse (validation refuses such jobs before they run)
     */
    public static GateVerdict check(List<String> conditions, RunMetrics run, RunMetrics baseline, String baselineLabel) {
        if (conditions.isEmpty()) {
            return GateVerdict.NONE;
        }
        List<GateVerdict.Result> results = new ArrayList<>();
        boolean all = true;
        for (String text : conditions) {
            GateCondition c = GateCondition.parse(text);
            Double value = run.value(c.metric());
            Double threshold;
            String note = null;
            if (!c.needsBaseline()) {
                threshold = c.number();
            } else if (baseline == null) {
                threshold = null;
                note = "no baseline yet: passes";
            } else if (baseline.value(c.baseline()) == null) {
                threshold = null;
                note = "the baseline has no value of " + c.baseline() + ": passes";
            } else {
                threshold = c.threshold(baseline.value(c.baseline()));
                note = c.rightHandSide() + " with baseline." + c.baseline() + " = " + GateCondition.format(baseline.value(c.baseline()));
            }
            boolean passed;
            if (value == null) {
                passed = false;
                note = "this run's log printed no value of " + c.metric();
            } else {
                passed = threshold == null || c.op().holds(value, threshold);
            }
            all &= passed;
            results.add(new GateVerdict.Result(c.text(), c.metric(), value, c.op().symbol(), threshold, passed, note));
        }
        return new GateVerdict(all ? GateVerdict.Status.PASSED : GateVerdict.Status.FAILED, results, baselineLabel);
    }
}

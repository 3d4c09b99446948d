package io.modelarts.train.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * The regression gate's verdict on one run: each condition with both values, and whether all held. A failed gate
 * makes the run "Regressed" (CLI exit code 4; in Jenkins UNSTABLE unless configured to fail).
 *
 * @param status     {@link Status#PASSED}, {@link Status#FAILED}, or {@link Status#NOT_CHECKED} (no gate, or the job
 *                   did not complete)
 * @param conditions each condition's result, in the job file's order
 * @param baseline   what the baseline was ({@code artifacts/nightly-41}, {@code build #41}), or null without one
 */
public record GateVerdict(Status status, List<Result> conditions, String baseline) {

    public enum Status {
        PASSED("passed"), FAILED("failed"), NOT_CHECKED("not checked");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One condition's result.
     *
     * @param condition the condition as written
     * @param value     this run's value of the metric, or null when the run printed none
     * @param threshold the right-hand side's value, or null when it needs a baseline that has no value
     * @param passed    whether it held (a condition on a missing baseline passes)
     * @param note      why it passed without a comparison, or why it failed without one; null otherwise
     */
    public record Result(String condition, String metric, Double value, String op, Double threshold, boolean passed, String note) {

        /** One line for a console: {@code FAILED accuracy >= baseline.accuracy - 0.01: 0.81 < 0.865 needed}. */
        public String describe() {
            StringBuilder s = new StringBuilder(passed ? "ok     " : "FAILED ").append(condition).append(": ");
            s.append(metric).append(" = ").append(value == null ? "none" : GateCondition.format(value));
            if (threshold != null) {
                s.append(", needed ").append(op).append(' ').append(GateCondition.format(threshold));
            }
            if (note != null) {
                s.append(" (").append(note).append(')');
            }
            return s.toString();
        }
    }

    public static final GateVerdict NONE = new GateVerdict(Status.NOT_CHECKED, List.of(), null);

    public GateVerdict {
        conditions = List.copyOf(conditions);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public List<Result> failures() {
        return conditions.stream().filter(r -> !r.passed()).toList();
    }

    /**
     * The verdict as plain maps, lists, strings, numbers and booleans (all serializable), for a Pipeline step's return
     * value: {@code [status: 'failed', baseline: 'build #41', conditions: [[condition: ..., metric: ..., value: 0.86,
     * op: '>=', threshold: 0.87, passed: false, note: ...], ...]]}.
     */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("status", status.text());
        m.put("baseline", baseline);
        List<Object> list = new ArrayList<>();
        for (Result r : conditions) {
            java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
            c.put("condition", r.condition());
            c.put("metric", r.metric());
            c.put("value", r.value());
            c.put("op", r.op());
            c.put("threshold", r.threshold());
            c.put("passed", r.passed());
            c.put("note", r.note());
            list.add(c);
        }
        m.put("conditions", list);
        return m;
    }

    /** One line per condition, after a heading line; empty when there is no gate. */
    public List<String> describe() {
        if (conditions.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Gate " + status.text() + (baseline == null ? " (no baseline yet)" : " (baseline: " + baseline + ")") + ":");
        for (Result r : conditions) {
            lines.add("  " + r.describe());
        }
        return lines;
    }
}

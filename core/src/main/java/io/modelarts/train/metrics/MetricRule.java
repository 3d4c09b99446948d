package io.modelarts.train.metrics;

/**
 * One {@code metrics:} entry: a metric read from the training log. Every log line that {@code regex} finds a match in
 * is one point; the first capture group is the value.
 *
 * @param name  the metric's name, {@code [A-Za-z_][A-Za-z0-9_]*} (the gate refers to it)
 * @param regex a Java regular expression with at least one capture group
 */
public record MetricRule(String name, String regex) {
}

package io.modelarts.train.metrics;

import java.util.Arrays;

/**
 * The points of one metric in the order the log printed them: {@code (step, value)} pairs. The run's value of the
 * metric is its last point. Immutable.
 */
public final class MetricSeries {

    private final String name;
    private final double[] steps;
    private final double[] values;

    public MetricSeries(String name, double[] steps, double[] values) {
        if (steps.length != values.length) {
            throw new IllegalArgumentException("steps and values differ in length");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("a metric has at least one point");
        }
        this.name = name;
        this.steps = steps.clone();
        this.values = values.clone();
    }

    public String name() {
        return name;
    }

    public int size() {
        return values.length;
    }

    public double step(int i) {
        return steps[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** The run's value: the last point. */
    public double last() {
        return values[values.length - 1];
    }

    public double min() {
        return Arrays.stream(values).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(values).max().orElseThrow();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSeries s && s.name.equals(name) && Arrays.equals(s.steps, steps) && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + "(" + values.length + " points, last " + last() + ")";
    }
}

package io.modelarts.train.report;

import java.util.List;

/**
 * A metric's value across builds as a small inline SVG line chart: what a Jenkins job page shows from the archived
 * {@code metrics.json} of its builds (the plugin reads them; this only draws).
 */
public final class TrendChart {

    /**
     * One build's value.
     *
     * @param label the build's name ({@code #41})
     * @param value the metric's run value in that build
     */
    public record Point(String label, double value) {
    }

    private TrendChart() {
    }

    /** The chart's {@code <svg>} element; {@code points} oldest first, at least one. */
    public static String svg(String metric, List<Point> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a trend needs at least one build");
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
            ys[i] = points.get(i).value();
        }
        return SvgChart.render(metric + " across builds", "build",
                List.of(new SvgChart.Line(metric, xs, ys, "#2563eb", false)), points.stream().map(Point::label).toList());
    }
}

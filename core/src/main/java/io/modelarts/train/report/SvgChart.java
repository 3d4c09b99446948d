package io.modelarts.train.report;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as plain inline SVG (no script, no external resource), so it shows in any browser and under Jenkins'
 * Content-Security-Policy for archived files. Long series are reduced to the lowest and highest point of each of
 * {@value #MAX_BUCKETS} buckets, so spikes stay visible and the file stays small.
 */
public final class SvgChart {

    static final int MAX_BUCKETS = 600;
    static final int WIDTH = 460;
    static final int HEIGHT = 230;
    private static final int LEFT = 46;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 30;

    /**
     * One line of the chart.
     *
     * @param label  the legend's text
     * @param xs     x values, ascending as printed (steps, build indexes)
     * @param ys     y values
     * @param color  a CSS color
     * @param dashed whether the line is dashed (the baseline)
     */
    public record Line(String label, double[] xs, double[] ys, String color, boolean dashed) {
    }

    private SvgChart() {
    }

    /**
     * The chart's {@code <svg>} element.
     *
     * @param title   the accessible title (a tooltip in browsers)
     * @param xLabel  the x axis' name ({@code step})
     * @param lines   at least one line with at least one point
     * @param xTicks  labels for x values that are indexes (a trend's build names), or null for numeric ticks
     */
    public static String render(String title, String xLabel, List<Line> lines, List<String> xTicks) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.xs.length; i++) {
                minX = Math.min(minX, l.xs[i]);
                maxX = Math.max(maxX, l.xs[i]);
                minY = Math.min(minY, l.ys[i]);
                maxY = Math.max(maxY, l.ys[i]);
            }
        }
        if (minX == maxX) {
            minX -= 1;
            maxX += 1;
        }
        if (minY == maxY) {
            double pad = Math.abs(minY) > 0 ? Math.abs(minY) * 0.05 : 1;
            minY -= pad;
            maxY += pad;
        }
        // axes end on round numbers: 0.45 to 0.9 in steps of 0.05, not 0.477 to 0.904
        double yStep = niceStep(maxY - minY, 4);
        minY = Math.floor(minY / yStep) * yStep;
        maxY = Math.ceil(maxY / yStep) * yStep;
        double xStep = xTicks == null ? niceStep(maxX - minX, 5) : 1;
        if (xTicks == null) {
            minX = Math.floor(minX / xStep) * xStep;
            maxX = Math.ceil(maxX / xStep) * xStep;
        }
        double w = WIDTH - LEFT - RIGHT;
        double h = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(Html.esc(title)).append("\">");
        s.append("<title>").append(Html.esc(title)).append("</title>");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(fmt(w)).append("\" height=\"")
                .append(fmt(h)).append("\" fill=\"#fbfcfe\" stroke=\"#d5dae3\"/>");
        // y grid and labels
        for (double v = minY; v <= maxY + yStep / 2; v += yStep) {
            double y = TOP + h - h * (v - minY) / (maxY - minY);
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(fmt(LEFT + w)).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e6e9ef\"/>");
            s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#6b7280\">")
                    .append(Html.esc(tick(v, yStep))).append("</text>");
        }
        // x labels
        if (xTicks == null) {
            for (double v = minX; v <= maxX + xStep / 2; v += xStep) {
                xLabel(s, LEFT + w * (v - minX) / (maxX - minX), tick(v, xStep));
            }
        } else {
            int xt = Math.min(xTicks.size(), 8);
            for (int k = 0; k < xt; k++) {
                int idx = xt == 1 ? 0 : (int) Math.round((double) k * (xTicks.size() - 1) / (xt - 1));
                xLabel(s, LEFT + w * (idx - minX) / (maxX - minX), xTicks.get(idx));
            }
        }
        s.append("<text x=\"").append(fmt(LEFT + w)).append("\" y=\"").append(HEIGHT - 2).append("\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#9ca3af\">")
                .append(Html.esc(xLabel)).append("</text>");
        // the lines, baseline first so the run is drawn over it
        List<Line> ordered = new ArrayList<>(lines);
        ordered.sort((a, b) -> Boolean.compare(!a.dashed, !b.dashed));
        for (Line l : ordered) {
            double[][] pts = reduce(l.xs, l.ys);
            if (pts[0].length == 1) {
                double x = LEFT + w * (pts[0][0] - minX) / (maxX - minX);
                double y = TOP + h - h * (pts[1][0] - minY) / (maxY - minY);
                s.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"3.5\" fill=\"")
                        .append(Html.esc(l.color)).append("\" class=\"series\"><title>").append(Html.esc(l.label)).append("</title></circle>");
                continue;
            }
            s.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(Html.esc(l.color)).append("\" stroke-width=\"")
                    .append(l.dashed ? "1.5\" stroke-dasharray=\"5 4" : "2").append("\" stroke-linejoin=\"round\" points=\"");
            for (int i = 0; i < pts[0].length; i++) {
                double x = LEFT + w * (pts[0][i] - minX) / (maxX - minX);
                double y = TOP + h - h * (pts[1][i] - minY) / (maxY - minY);
                s.append(i == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
            }
            s.append("\"><title>").append(Html.esc(l.label)).append("</title></polyline>");
        }
        // legend
        int lx = LEFT + 8;
        for (Line l : lines) {
            s.append("<line x1=\"").append(lx).append("\" x2=\"").append(lx + 18).append("\" y1=\"").append(12).append("\" y2=\"")
                    .append(12).append("\" stroke=\"").append(Html.esc(l.color)).append("\" stroke-width=\"2\"")
                    .append(l.dashed ? " stroke-dasharray=\"5 4\"" : "").append("/>");
            s.append("<text x=\"").append(lx + 24).append("\" y=\"").append(16).append("\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#374151\">")
                    .append(Html.esc(l.label)).append("</text>");
            lx += 34 + 7 * l.label.length();
        }
        return s.append("</svg>").toString();
    }

    /** At most 2 points per bucket of x: each bucket's lowest and highest, in x order. */
    static double[][] reduce(double[] xs, double[] ys) {
        int n = xs.length;
        if (n <= 2 * MAX_BUCKETS) {
            return new double[][]{xs, ys};
        }
        double[] ox = new double[2 * MAX_BUCKETS];
        double[] oy = new double[2 * MAX_BUCKETS];
        int m = 0;
        for (int b = 0; b < MAX_BUCKETS; b++) {
            int from = (int) ((long) n * b / MAX_BUCKETS);
            int to = (int) ((long) n * (b + 1) / MAX_BUCKETS);
            if (from >= to) {
                continue;
            }
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (ys[i] < ys[lo]) {
                    lo = i;
                }
                if (ys[i] > ys[hi]) {
                    hi = i;
                }
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            ox[m] = xs[first];
            oy[m++] = ys[first];
            if (second != first) {
                ox[m] = xs[second];
                oy[m++] = ys[second];
            }
        }
        return new double[][]{java.util.Arrays.copyOf(ox, m), java.util.Arrays.copyOf(oy, m)};
    }

    private static void xLabel(StringBuilder s, double x, String label) {
        s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                .append("\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#6b7280\">")
                .append(Html.esc(label)).append("</text>");
    }

    /** A round step (1, 2 or 5 times a power of ten) that splits {@code span} into about {@code parts} parts. */
    static double niceStep(double span, int parts) {
        double raw = span / parts;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** A tick's label with as many decimals as its step needs. */
    static String tick(double v, double step) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.equals("-0") || s.matches("-0\\.0+") ? s.substring(1) : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

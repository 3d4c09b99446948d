package io.jenkins.plugins.modelarts;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.modelarts.train.gate.GateCondition;
import io.modelarts.train.report.TrendChart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Training metrics" on a job page: each metric's run value across the job's recent builds, one small inline SVG
 * chart per training job and metric, read from the builds' archived {@code metrics.json} (bounded: the last
 * {@link #MAX_BUILDS} completed builds; each build's file is read once and kept with its report action).
 */
public final class MetricsTrendAction implements Action {

    /** How many of the newest builds a trend covers. */
    static final int MAX_BUILDS = 30;

    private final Job<?, ?> job;

    MetricsTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "graph.png";
    }

    @Override
    public String getDisplayName() {
        return Messages.MetricsTrendAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "modelarts-metrics";
    }

    /** One metric of one training job across builds. */
    public static final class Trend {
        private final String jobName;
        private final String metric;
        private final List<TrendChart.Point> points;

        Trend(String jobName, String metric, List<TrendChart.Point> points) {
            this.jobName = jobName;
            this.metric = metric;
            this.points = List.copyOf(points);
        }

        public String getJobName() {
            return jobName;
        }

        public String getMetric() {
            return metric;
        }

        /** {@code accuracy (nightly): 0.875 in #41}: the newest value. */
        public String getTitle() {
            TrendChart.Point last = points.get(points.size() - 1);
            return metric + " (" + jobName + "): " + GateCondition.format(last.value()) + " in " + last.label();
        }

        /** The chart: an {@code <svg>} element whose text is escaped by the chart, drawn oldest build first. */
        public String getSvg() {
            return TrendChart.svg(metric, points);
        }

        List<TrendChart.Point> points() {
            return points;
        }
    }

    /** Every training job's metrics over the newest {@link #MAX_BUILDS} completed builds, in the order first seen. */
    public List<Trend> getTrends() {
        // job name -> metric -> points, newest build first while collecting
        Map<String, Map<String, List<TrendChart.Point>>> byJob = new LinkedHashMap<>();
        Run<?, ?> r = job.getLastCompletedBuild();
        for (int seen = 0; r != null && seen < MAX_BUILDS; seen++, r = r.getPreviousBuild()) {
            String label = "#" + r.getNumber();
            for (TrainingReportAction a : r.getActions(TrainingReportAction.class)) {
                Map<String, List<TrendChart.Point>> metrics = byJob.computeIfAbsent(a.getJobName(), k -> new LinkedHashMap<>());
                a.metricValues().forEach((metric, value) -> {
                    if (value != null && Double.isFinite(value)) {
                        metrics.computeIfAbsent(metric, k -> new ArrayList<>()).add(new TrendChart.Point(label, value));
                    }
                });
            }
        }
        List<Trend> trends = new ArrayList<>();
        byJob.forEach((jobName, metrics) -> metrics.forEach((metric, newestFirst) -> {
            List<TrendChart.Point> oldestFirst = new ArrayList<>(newestFirst);
            Collections.reverse(oldestFirst);
            trends.add(new Trend(jobName, metric, oldestFirst));
        }));
        return trends;
    }
}

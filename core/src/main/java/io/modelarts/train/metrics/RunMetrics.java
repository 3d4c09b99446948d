package io.modelarts.train.metrics;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one run, by name in the order they first appeared, and their {@code metrics.json} form:
 * <pre>{@code {"accuracy": {"last": 0.875, "min": 0.5, "max": 0.875, "points": [[0, 0.5], [1, 0.875]]}}}</pre>
 */
public final class RunMetrics {

    /** The artifact's file name. */
    public static final String FILE_NAME = "metrics.json";

    public static final RunMetrics EMPTY = new RunMetrics(List.of());

    private final Map<String, MetricSeries> byName;

    public RunMetrics(Collection<MetricSeries> series) {
        Map<String, MetricSeries> m = new LinkedHashMap<>();
        for (MetricSeries s : series) {
            m.put(s.name(), s);
        }
        byName = Collections.unmodifiableMap(m);
    }

    public Collection<MetricSeries> all() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The metric's series, or null when the run printed no point of it. */
    public MetricSeries get(String name) {
        return byName.get(name);
    }

    /** The run's value of {@code name} (its last point), or null when it has none. */
    public Double value(String name) {
        MetricSeries s = byName.get(name);
        return s == null ? null : s.last();
    }

    /** Each metric's run value, for a step's return value or a summary line. */
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        byName.forEach((k, v) -> m.put(k, v.last()));
        return m;
    }

    /** The {@code metrics.json} text (pretty enough to read, one line per metric). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (MetricSeries s : byName.values()) {
            sb.append(first ? "\n  " : ",\n  ");
            first = false;
            Json.string(sb, s.name());
            sb.append(": {\"last\": ");
            Json.number(sb, s.last());
            sb.append(", \"min\": ");
            Json.number(sb, s.min());
            sb.append(", \"max\": ");
            Json.number(sb, s.max());
            sb.append(", \"points\": [");
            for (int i = 0; i < s.size(); i++) {
                sb.append(i == 0 ? "[" : ", [");
                Json.number(sb, s.step(i));
                sb.append(", ");
                Json.number(sb, s.value(i));
                sb.append(']');
            }
            sb.append("]}");
        }
        return sb.append(first ? "}\n" : "\n}\n").toString();
    }

    /**
     * Reads a {@code metrics.json} text (an earlier run's, the baseline).
     *
     * @throws IllegalArgumentException with a message naming what is wrong when the text is not in that shape
     */
    public static RunMetrics fromJson(String json) {
        Object tree;
        try {
            tree = new Load(LoadSettings.builder().setLabel(FILE_NAME).setCodePointLimit(256 * 1024 * 1024).build()).loadFromString(json);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(FILE_NAME + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException(FILE_NAME + " must hold an object of metrics");
        }
        List<MetricSeries> series = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("points") instanceof List<?> points)) {
                throw new IllegalArgumentException(FILE_NAME + ": " + name + " has no points list");
            }
            double[] steps = new double[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                if (!(points.get(i) instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof Number st)
                        || !(p.get(1) instanceof Number v)) {
                    throw new IllegalArgumentException(FILE_NAME + ": " + name + ".points[" + i + "] must be [step, value]");
                }
                steps[i] = st.doubleValue();
                values[i] = v.doubleValue();
            }
            if (values.length > 0) {
                series.add(new MetricSeries(name, steps, values));
            }
        }
        return new RunMetrics(series);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunMetrics r && new ArrayList<>(r.byName.values()).equals(new ArrayList<>(byName.values()));
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return byName.values().toString();
    }
}

package io.modelarts.train.spec;

import io.modelarts.train.gate.GateCondition;
import io.modelarts.train.metrics.MetricRule;
import io.modelarts.train.rules.Problem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks {@code metrics}, {@code gate} and {@code skipIfUnchanged}: a regex that does not compile or has no
 * group, a metric name the gate could not refer to, and a condition outside the gate's grammar are problems naming
 * the field, found before anything runs.
 */
final class RetrainingReader {

    static final Set<String> METRIC_KEYS = new LinkedHashSet<>(List.of("name", "regex"));

    private RetrainingReader() {
    }

    static Retraining read(TreeReader top) {
        List<MetricRule> metrics = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Object> items = top.list("metrics");
        for (int i = 0; i < items.size(); i++) {
            String path = "metrics[" + i + "]";
            TreeReader r = TreeReader.of(items.get(i), path, top.problems(), METRIC_KEYS);
            if (r == null) {
                continue;
            }
            String name = r.string("name");
            String regex = r.string("regex");
            boolean ok = true;
            if (name == null || name.isBlank()) {
                top.problems().add(Problem.error(r.field("name"), "is required: the metric's name, e.g. accuracy"));
                ok = false;
            } else if (!GateCondition.METRIC_NAME.matcher(name).matches()) {
                top.problems().add(Problem.error(r.field("name"), "'" + name + "' must start with a letter or _ and hold only "
                        + "letters, digits and _ (the gate refers to it)"));
                ok = false;
            } else if (!names.add(name)) {
                top.problems().add(Problem.error(r.field("name"), "'" + name + "' is defined twice; each metric has one regex"));
                ok = false;
            }
            if (regex == null || regex.isEmpty()) {
                top.problems().add(Problem.error(r.field("regex"), "is required: a regular expression whose first group is the "
                        + "value, e.g. 'accuracy ([0-9.]+)'"));
                ok = false;
            } else {
                try {
                    if (Pattern.compile(regex).matcher("").groupCount() < 1) {
                        top.problems().add(Problem.error(r.field("regex"), "has no group: put the value in parentheses, "
                                + "e.g. 'accuracy ([0-9.]+)'"));
                        ok = false;
                    }
                } catch (PatternSyntaxException e) {
                    top.problems().add(Problem.error(r.field("regex"), "is not a valid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex()));
                    ok = false;
                }
            }
            if (ok) {
                metrics.add(new MetricRule(name, regex));
            }
        }
        List<String> gate = new ArrayList<>();
        List<Object> conditions = top.list("gate");
        for (int i = 0; i < conditions.size(); i++) {
            Object c = conditions.get(i);
            String field = "gate[" + i + "]";
            if (!(c instanceof String text)) {
                top.problems().add(Problem.error(field, "must be text such as 'accuracy >= 0.85', not " + TreeReader.typeName(c)));
                continue;
            }
            try {
                GateCondition.parse(text);
                gate.add(text.strip());
            } catch (IllegalArgumentException e) {
                top.problems().add(Problem.error(field, e.getMessage()));
            }
        }
        Boolean skip = top.bool("skipIfUnchanged");
        return new Retraining(metrics, gate, Boolean.TRUE.equals(skip));
    }
}

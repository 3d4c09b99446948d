package io.jenkins.plugins.modelarts;

import hudson.Util;
import hudson.util.FormValidation;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.YamlTrees;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pool's or a flavor's {@code podTemplate} as the global configuration keeps it: YAML text (a textarea in the
 * form, a string in Configuration as Code), read into the catalog tree where the engine checks it.
 */
final class PodTemplateText {

    private PodTemplateText() {
    }

    /** Puts the parsed template under {@code podTemplate}; text that is not YAML goes in as text, which the catalog refuses. */
    static void put(Map<String, Object> tree, String yaml) {
        if (Util.fixEmptyAndTrim(yaml) == null) {
            return;
        }
        Object parsed = YamlTrees.parse(yaml, "podTemplate", new ArrayList<>());
        tree.put("podTemplate", parsed == null ? yaml : parsed);
    }

    /** The form check: YAML problems first, then what the catalog says about {@code field} with this template. */
    static FormValidation check(String field, Map<String, Object> catalog, String yaml) {
        if (Util.fixEmptyAndTrim(yaml) == null) {
            return FormValidation.ok();
        }
        List<Problem> problems = new ArrayList<>();
        if (YamlTrees.parse(yaml, "podTemplate", problems) == null || problems.stream().anyMatch(Problem::isError)) {
            return FieldChecks.toValidation("", problems.stream().map(p -> Problem.error("", p.toString())).toList());
        }
        return FieldChecks.checkCatalog(field, catalog, yaml);
    }
}

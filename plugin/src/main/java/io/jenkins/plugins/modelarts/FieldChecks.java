package io.jenkins.plugins.modelarts;

import hudson.Util;
import hudson.util.FormValidation;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.YamlTrees;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.ValidationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Form validation of single fields with the core validator, so that a form says exactly what a build would: the
 * field is put into a small valid job (or pool catalog), the whole is checked, and the problems about that field are
 * returned. No I/O, no credentials, no network; local paths are not looked at.
 */
final class FieldChecks {

    private FieldChecks() {
    }

    /** A valid job without a pool catalog; checks merge one field over it. */
    private static Map<String, Object> baselineJob() {
        Map<String, Object> algorithm = new LinkedHashMap<>();
        algorithm.put("bootMode", "customImage");
        algorithm.put("image", "registry.example.com/check:1");
        algorithm.put("bootCommand", "true");
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", "form-check");
        job.put("algorithm", algorithm);
        return job;
    }

    /**
     * The problems of job field {@code field} (and fields inside it) when the job is the baseline with
     * {@code partial} merged over it. A blank {@code value} is fine (the field is optional here; a build reports
     * a missing required field).
     */
    static FormValidation check(String field, Map<String, Object> partial, String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        Map<String, Object> tree = YamlTrees.merge(baselineJob(), partial);
        JobSpecLoader.Result loaded = JobSpecLoader.fromTree(tree, null);
        ValidationContext ctx = ValidationContext.local().withoutLocalFileChecks().allowingHighestPriority(true);
        return toValidation(field, JobCheck.check(loaded, ctx).all());
    }

    /** The problems of pool-catalog field {@code field} when {@code catalog} is read. */
    static FormValidation checkCatalog(String field, Map<String, Object> catalog, String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        return toValidation(field, PoolCatalogLoader.fromTree(catalog).problems());
    }

    static FormValidation toValidation(String field, List<Problem> problems) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Problem p : problems) {
            String f = p.field();
            if (f.equals(field) || f.startsWith(field + ".") || f.startsWith(field + "[")) {
                (p.isError() ? errors : warnings).add(f.equals(field) ? p.message() : f + ": " + p.message());
            }
        }
        if (!errors.isEmpty()) {
            return FormValidation.error(String.join("; ", errors));
        }
        if (!warnings.isEmpty()) {
            return FormValidation.warning(String.join("; ", warnings));
        }
        return FormValidation.ok();
    }
}

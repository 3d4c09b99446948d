package io.modelarts.train.validation;

import io.modelarts.train.assets.AssetResolver;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.FieldLines;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loading plus validation in one call: what {@code modelarts-train validate} prints and what the
 * Jenkins step refuses. Problems from loading come first for each field; a validation problem about
 * a field the loader already rejected (or a field inside it) is dropped, so one mistake is reported
 * once. The result is sorted in the order the fields are written in the job file (stable otherwise).
 */
public final class JobCheck {

    private JobCheck() {
    }

    /** Loads {@code jobFile} and checks it. */
    public static Problems check(Path jobFile, ValidationContext ctx) {
        return check(JobSpecLoader.load(jobFile), ctx);
    }

    /** Joins the problems of {@code loaded} and of validating its spec. */
    public static Problems check(JobSpecLoader.Result loaded, ValidationContext ctx) {
        return resolveAndCheck(loaded, ctx).problems();
    }

    /** The job with its saved algorithm and datasets resolved ({@code null} when unreadable) and every problem. */
    public record Checked(JobSpec spec, Problems problems) {
    }

    /**
     * Resolves the job's references into the assets file ({@link AssetResolver}), then validates the
     * resolved job: problems of loading, resolving and validating, in file order, each mistake once.
     */
    public static Checked resolveAndCheck(JobSpecLoader.Result loaded, ValidationContext ctx) {
        List<Problem> all = new ArrayList<>(loaded.problems());
        JobSpec spec = loaded.spec();
        if (spec != null) {
            List<String> rejected = new ArrayList<>(loaded.problems().stream().filter(Problem::isError).map(Problem::field).toList());
            AssetResolver.Resolution resolution = AssetResolver.resolve(spec, ctx == null ? null : ctx.assets());
            spec = resolution.spec();
            for (Problem p : resolution.problems()) {
                if (rejected.stream().noneMatch(field -> covers(field, p.field()))) {
                    all.add(p);
                }
                if (p.isError()) {
                    rejected.addAll(coveredByResolution(p.field()));
                }
            }
            for (Problem p : JobValidator.validate(spec, ctx)) {
                if (rejected.stream().noneMatch(field -> covers(field, p.field()))) {
                    all.add(p);
                }
            }
        }
        return new Checked(spec, new Problems(inFileOrder(all, loaded.lines())));
    }

    /** What an unresolved reference leaves the validator nothing to say about. */
    private static List<String> coveredByResolution(String field) {
        if (field.equals("algorithm.id") || field.equals("algorithm.version")) {
            return List.of("algorithm"); // no saved algorithm: its fields are not there to check
        }
        if (field.endsWith(".dataset") || (field.startsWith("inputs[") && field.endsWith(".version"))) {
            return List.of(field.substring(0, field.lastIndexOf('.')) + ".dataPath");
        }
        return List.of(field);
    }

    /** True when {@code field} is {@code outer} or lies inside it ({@code inputs[0]} covers {@code inputs[0].name}). */
    static boolean covers(String outer, String field) {
        if (outer.isEmpty()) {
            return false; // a file-level problem (e.g. "not UTF-8") leaves no spec to validate anyway
        }
        return field.equals(outer) || field.startsWith(outer + ".") || field.startsWith(outer + "[");
    }

    /**
     * Sorts by the line of each problem's field; a missing field sorts at the end of its parent's block;
     * problems about top-level keys that are not written at all follow, in the contract's field order.
     * Ties keep their order.
     */
    static List<Problem> inFileOrder(List<Problem> problems, FieldLines lines) {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingLong((Problem p) -> lines.orderOf(p.field())).thenComparingInt(p -> topRank(p.field())));
        return sorted;
    }

    private static final List<String> TOP_ORDER = List.of("name", "description", "algorithm", "inputs", "outputs",
            "hyperparameters", "environment", "autoRestart", "resources", "priority", "sfsTurbo", "parallelFileSystems",
            "persistentLogPath", "autoStop", "metrics", "gate", "skipIfUnchanged");

    private static int topRank(String field) {
        if (field.isEmpty()) {
            return -1;
        }
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        int rank = TOP_ORDER.indexOf(field.substring(0, end));
        return rank < 0 ? TOP_ORDER.size() : rank;
    }
}

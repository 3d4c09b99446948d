package io.modelarts.train.engine;

import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.assets.AssetCatalogLoader;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.ValidationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first half of the flow shared by the CLI and Jenkins: load the job (and the pool catalog), check
 * it, plan it. Never throws for bad input: the outcome says what went wrong.
 *
 * @param outcome  {@link Outcome#READY} with a plan, {@link Outcome#INVALID} with the job's problems, or
 *                 {@link Outcome#UNREADABLE} when a file could not be read or parsed at all
 * @param spec     the loaded job, or {@code null} when unreadable
 * @param catalog  the pool catalog, or {@code null} without one
 * @param problems every problem, errors and warnings, in the job file's order; for an unreadable pool
 *                 catalog its problems, each field prefixed by the catalog's file name ({@code pools.yaml: pools[0].type})
 * @param plan     the plan when {@code READY}, else {@code null}
 */
public record JobPreparation(Outcome outcome, JobSpec spec, PoolCatalog catalog, Problems problems, JobPlan plan) {

    public enum Outcome { READY, INVALID, UNREADABLE }

    private static final Logger LOG = Logger.getLogger(JobPreparation.class.getName());

    public boolean isReady() {
        return outcome == Outcome.READY;
    }

    /** Warnings only (a ready job may have some). */
    public List<Problem> warnings() {
        return problems.warnings();
    }

    /**
     * Loads {@code jobFile} and, when given, {@code poolsFile}, then checks and plans.
     *
     * @param poolsFile           the pool catalog, or {@code null} for none (local runs)
     * @param highestPriority     whether the user may use priority 3
     */
    public static JobPreparation fromFiles(Path jobFile, Path poolsFile, boolean highestPriority) {
        return fromFiles(jobFile, poolsFile, null, highestPriority);
    }

    /**
     * As {@link #fromFiles(Path, Path, boolean)}, with an assets file (saved algorithms and datasets) when
     * {@code assetsFile} is not null; an assets file with errors is {@link Outcome#UNREADABLE}, its problems
     * prefixed with its file name.
     */
    public static JobPreparation fromFiles(Path jobFile, Path poolsFile, Path assetsFile, boolean highestPriority) {
        AssetCatalog assets = null;
        if (assetsFile != null) {
            AssetCatalogLoader.Result loaded = AssetCatalogLoader.load(assetsFile);
            if (loaded.hasErrors()) {
                return new JobPreparation(Outcome.UNREADABLE, null, null, prefixed(loaded.problems(), assetsFile), null);
            }
            assets = loaded.catalog();
        }
        PoolCatalog catalog = null;
        if (poolsFile != null) {
            PoolCatalogLoader.Result pools = PoolCatalogLoader.load(poolsFile);
            if (pools.hasErrors()) {
                return new JobPreparation(Outcome.UNREADABLE, null, null, prefixed(pools.problems(), poolsFile), null);
            }
            catalog = pools.catalog();
        }
        ValidationContext ctx = (catalog == null ? ValidationContext.local() : ValidationContext.withCatalog(catalog))
                .allowingHighestPriority(highestPriority).withAssets(assets);
        return prepare(JobSpecLoader.load(jobFile), catalog, ctx);
    }

    /** Another file's problems, each field prefixed by the file's name ({@code pools.yaml: pools[0].type}). */
    private static Problems prefixed(List<Problem> problems, Path file) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            String name = String.valueOf(file.getFileName());
            String field = p.field().isEmpty() ? name : name + ": " + p.field();
            out.add(new Problem(p.severity(), field, p.message()));
        }
        return new Problems(out);
    }

    /** Checks an already loaded job (a job file, or Jenkins step parameters) and plans it when valid. */
    public static JobPreparation prepare(JobSpecLoader.Result loaded, PoolCatalog catalog, ValidationContext ctx) {
        return prepare(loaded, catalog, ctx, JobCheck::resolveAndCheck);
    }

    /** {@link #prepare} with the checking step given: tests make it fail the way a bug in it would. */
    static JobPreparation prepare(JobSpecLoader.Result loaded, PoolCatalog catalog, ValidationContext ctx,
                                  BiFunction<JobSpecLoader.Result, ValidationContext, JobCheck.Checked> check) {
        Problems problems;
        JobSpec spec = loaded.spec();
        try {
            JobCheck.Checked checked = check.apply(loaded, ctx);
            problems = checked.problems();
            spec = checked.spec(); // with its saved algorithm and datasets resolved
        } catch (RuntimeException e) {
            // validation is meant never to throw; if it does, the user gets a problem and the log the trace (a bug)
            LOG.log(Level.SEVERE, "checking the job failed unexpectedly", e);
            problems = new Problems(loaded.problems()).plus(List.of(Problem.error("", "the job could not be checked: " + e)));
        }
        if (spec == null) {
            // YAML that holds no job (a list, one value) is an invalid job; unreadable text is another error
            return new JobPreparation(loaded.readable() ? Outcome.INVALID : Outcome.UNREADABLE, null, catalog, problems, null);
        }
        if (problems.hasErrors()) {
            return new JobPreparation(Outcome.INVALID, spec, catalog, problems, null);
        }
        try {
            return new JobPreparation(Outcome.READY, spec, catalog, problems, Planner.plan(spec, catalog));
        } catch (IllegalArgumentException e) {
            return new JobPreparation(Outcome.INVALID, spec, catalog,
                    problems.plus(List.of(Problem.error("resources", e.getMessage()))), null);
        }
    }
}

package io.modelarts.train.engine;

import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.Problem;
import io.modelarts.train.validation.Problems;
import io.modelarts.train.validation.ValidationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        PoolCatalog catalog = null;
        if (poolsFile != null) {
            PoolCatalogLoader.Result pools = PoolCatalogLoader.load(poolsFile);
            if (pools.hasErrors()) {
                List<Problem> prefixed = new ArrayList<>();
                for (Problem p : pools.problems()) {
                    String file = String.valueOf(poolsFile.getFileName());
                    String field = p.field().isEmpty() ? file : file + ": " + p.field();
                    prefixed.add(new Problem(p.severity(), field, p.message()));
                }
                return new JobPreparation(Outcome.UNREADABLE, null, null, new Problems(prefixed), null);
            }
            catalog = pools.catalog();
        }
        ValidationContext ctx = (catalog == null ? ValidationContext.local() : ValidationContext.withCatalog(catalog))
                .allowingHighestPriority(highestPriority);
        return prepare(JobSpecLoader.load(jobFile), catalog, ctx);
    }

    /** Checks an already loaded job (a job file, or Jenkins step parameters) and plans it when valid. */
    public static JobPreparation prepare(JobSpecLoader.Result loaded, PoolCatalog catalog, ValidationContext ctx) {
        Problems problems;
        try {
            problems = JobCheck.check(loaded, ctx);
        } catch (RuntimeException e) {
            // validation is meant never to throw; if it does, report it rather than take the caller down
            problems = new Problems(loaded.problems()).plus(List.of(Problem.error("", "the job could not be checked: " + e)));
        }
        if (loaded.spec() == null) {
            // YAML that holds no job (a list, one value) is an invalid job; unreadable text is another error
            return new JobPreparation(loaded.readable() ? Outcome.INVALID : Outcome.UNREADABLE, null, catalog, problems, null);
        }
        if (problems.hasErrors()) {
            return new JobPreparation(Outcome.INVALID, loaded.spec(), catalog, problems, null);
        }
        try {
            return new JobPreparation(Outcome.READY, loaded.spec(), catalog, problems, Planner.plan(loaded.spec(), catalog));
        } catch (IllegalArgumentException e) {
            return new JobPreparation(Outcome.INVALID, loaded.spec(), catalog,
                    problems.plus(List.of(Problem.error("resources", e.getMessage()))), null);
        }
    }
}

package io.modelarts.train.validation;

import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.Resources;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One validation of one job: the job and its context, what the sections share (the pool and flavor the job names,
 * the channel names that hyperparameters must not repeat) and the problems found so far, in order.
 */
final class ValidationRun {

    private static final Logger LOG = Logger.getLogger(ValidationRun.class.getName());

    private final JobSpec spec;
    private final ValidationContext ctx;
    private final List<Problem> problems = new ArrayList<>();
    /** Channel name to the field that first used it ({@code inputs[0].name}). */
    private final Map<String, String> channelNames = new HashMap<>();
    private Pool pool;
    private Flavor flavor;

    ValidationRun(JobSpec spec, ValidationContext ctx) {
        this.spec = spec;
        this.ctx = ctx == null ? ValidationContext.local() : ctx;
    }

    /** Looks up the job's pool and flavor in the catalog; both stay null when there is no catalog or no match. */
    void resolvePool() {
        Resources r = spec.resources();
        if (ctx.catalog() == null || r == null || r.pool() == null) {
            return;
        }
        pool = ctx.catalog().pool(r.pool()).orElse(null);
        if (pool != null && r.flavor() != null) {
            flavor = pool.flavor(r.flavor()).orElse(null);
        }
    }

    /**
     * Runs one section's part. A bug or an odd value in one part must not hide the others' problems: what it throws
     * becomes a problem of {@code field}.
     */
    void guard(String field, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException | StackOverflowError e) {
            // a bug: the user gets a problem naming the field, the log the trace
            LOG.log(Level.WARNING, "checking " + field + " of job " + spec.name() + " failed unexpectedly", e);
            add(Problem.error(field, "could not be checked (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
        }
    }

    void add(Problem problem) {
        problems.add(problem);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    JobSpec spec() {
        return spec;
    }

    ValidationContext ctx() {
        return ctx;
    }

    Pool pool() {
        return pool;
    }

    Flavor flavor() {
        return flavor;
    }

    Map<String, String> channelNames() {
        return channelNames;
    }
}

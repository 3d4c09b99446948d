package io.modelarts.train.validation;

import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The checks of one section of the ModelArts "Create Training Job" page. A section is made after the pool is
 * resolved and reports into the {@link ValidationRun} it was made for.
 */
abstract class SectionChecks {

    protected final JobSpec spec;
    protected final ValidationContext ctx;
    /** The job's pool and flavor in the catalog; null without a catalog or when the job names none that exists. */
    protected final Pool pool;
    protected final Flavor flavor;
    /** Shared by the sections: channel name to the field that first used it. */
    protected final Map<String, String> channelNames;
    private final ValidationRun run;

    SectionChecks(ValidationRun run) {
        this.run = run;
        this.spec = run.spec();
        this.ctx = run.ctx();
        this.pool = run.pool();
        this.flavor = run.flavor();
        this.channelNames = run.channelNames();
    }

    final void error(String field, String message) {
        run.add(Problem.error(field, message));
    }

    final void warning(String field, String message) {
        run.add(Problem.warning(field, message));
    }

    final PoolCatalog catalog() {
        return ctx.catalog();
    }

    /** {@code dedicated pool 'gpu-pool'}, for messages. */
    final String poolDescription() {
        return (pool.type() == null ? "" : pool.type().yamlName() + " ") + "pool '" + pool.name() + "'";
    }

    /** {@code value} as a local path, or null after reporting why it is none. */
    final Path localPath(String field, String value) {
        try {
            if (value.indexOf('\0') >= 0) {
                throw new InvalidPathException(value, "NUL character");
            }
            return Path.of(value);
        } catch (InvalidPathException e) {
            error(field, "is not a valid local path (" + e.getReason() + ")");
            return null;
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static String stripSlashes(String s) {
        String t = s.strip();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}

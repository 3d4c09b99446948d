package io.modelarts.train.cli;

import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.rules.Problem;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared handling of the JOB and {@code --pools} arguments. */
final class Inputs {

    private Inputs() {
    }

    /** Fails with exit code 1 when a named file is missing or unreadable. */
    static void requireReadable(Path file, String what) {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            throw new CliException(ExitCodes.ERROR, what + " " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new CliException(ExitCodes.ERROR, what + " " + file + " is a folder, not a file");
        }
        if (!Files.isReadable(file)) {
            throw new CliException(ExitCodes.ERROR, what + " " + file + " cannot be read");
        }
    }

    /** Loads, checks and plans; an unreadable file (or pool catalog) ends the command with exit code 1. */
    static JobPreparation prepare(Path job, Path pools, boolean highestPriority) {
        return prepare(job, pools, null, highestPriority);
    }

    /** As {@link #prepare(Path, Path, boolean)}, resolving saved algorithms and datasets with {@code assets} when given. */
    static JobPreparation prepare(Path job, Path pools, Path assets, boolean highestPriority) {
        requireReadable(job, "job file");
        requireReadable(pools, "pool catalog");
        requireReadable(assets, "assets file");
        JobPreparation prep = JobPreparation.fromFiles(job, pools, assets, highestPriority);
        if (prep.outcome() == JobPreparation.Outcome.UNREADABLE) {
            // the loader's messages name the file and, for YAML syntax errors, the line and column
            throw new CliException(ExitCodes.ERROR, String.join("\nmodelarts-train: ",
                    prep.problems().all().stream().map(Problem::toString).toList()));
        }
        return prep;
    }
}

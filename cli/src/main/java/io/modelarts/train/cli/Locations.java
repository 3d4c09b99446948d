package io.modelarts.train.cli;

import java.nio.file.Path;

/**
 * Where the command keeps its own files: {@code ~/.modelarts-train} (or {@code $MODELARTS_TRAIN_HOME}, or
 * the system property {@code modelarts.train.home}), with the embedded object store in {@code store/}
 * and local job folders in {@code jobs/}.
 */
final class Locations {

    static final String HOME_PROPERTY = "modelarts.train.home";
    static final String HOME_VARIABLE = "MODELARTS_TRAIN_HOME";

    private Locations() {
    }

    static Path home() {
        String p = System.getProperty(HOME_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(HOME_VARIABLE);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".modelarts-train");
        }
        return Path.of(p);
    }

    /** The embedded object store: {@code obs://bucket/key} is {@code <store>/bucket/key}. */
    static Path defaultStore() {
        return home().resolve("store");
    }

    /** Where the local backend lays out job folders. */
    static Path defaultWorkDir() {
        return home().resolve("jobs");
    }
}

package io.modelarts.train.backend.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the {@link LocalBackend} starts a worker's boot command. The default, {@link #OPERATING_SYSTEM}, starts it
 * here as {@code [setsid -w] /bin/sh -c <line>}; a front end can start it elsewhere instead (Jenkins: through the
 * build's {@code Launcher}, so that the build's environment and wrappers apply).
 */
public interface ProcessStarter {

    /** Processes of this machine, ended with their whole process group. */
    ProcessStarter OPERATING_SYSTEM = new OsProcessStarter();

    /** The environment a started process inherits; {@code ${NAME}} in planned path values expands against it. */
    Map<String, String> inheritedEnvironment();

    /**
     * Starts {@code /bin/sh -c commandLine} in {@code directory}, with {@code environment} over the inherited one,
     * stdin empty and stderr merged into stdout.
     */
    StartedProcess start(String commandLine, Map<String, String> environment, Path directory) throws IOException;
}

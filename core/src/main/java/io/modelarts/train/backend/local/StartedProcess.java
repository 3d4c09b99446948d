package io.modelarts.train.backend.local;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/** A worker's process as a {@link ProcessStarter} started it. */
public interface StartedProcess {

    /** stdout and stderr, merged; ends when the process ends. */
    InputStream output();

    boolean isAlive();

    /** Waits up to {@code timeout}; true once the process ended. */
    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException;

    /** The exit code; only once the process ended. */
    int exitValue();

    /** Asks the process and everything it started to end (SIGTERM or the starter's equivalent). */
    void terminate();

    /** Ends the process and everything it started now. */
    void kill();
}

package io.jenkins.plugins.modelarts;

import java.io.IOException;
import java.util.Map;

/** What the job's machine may ask: start, read, poll and kill processes of this job, nothing else. */
interface ProcessControl {
    /** The build's environment, which the processes inherit. */
    Map<String, String> environment();

    /** Starts {@code /bin/sh -c line} in {@code dir} with {@code overrides}; returns its number. */
    int start(String line, Map<String, String> overrides, String dir) throws IOException;

    /** Up to 64 KiB of output, waiting for some; null at the end. */
    byte[] read(int process) throws IOException;

    boolean isAlive(int process) throws IOException, InterruptedException;

    /** The exit code, waiting for the end. */
    int exitCode(int process) throws IOException, InterruptedException;

    void kill(int process) throws IOException, InterruptedException;
}

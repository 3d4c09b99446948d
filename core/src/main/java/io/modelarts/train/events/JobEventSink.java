package io.modelarts.train.events;

/**
 * Where a running job reports to: the build console, a terminal, a test. Backends call it from their
 * own threads, possibly several at once (one per worker stream), so implementations must be thread-safe.
 * A sink never throws back into the backend.
 */
public interface JobEventSink {

    /** The job moved to {@code status}; {@code reason} says why (pending reason, exit code...), or is null. */
    void status(JobStatus status, String reason);

    /** One line of training output (no line break) from {@code worker} ({@code worker-0} ... ). */
    void log(String worker, String line);

    /**
     * Several lines of training output from {@code worker} at once: {@code utf8[from, to)} holds whole lines of
     * valid UTF-8, each ended by {@code '\n'}. This is the fast path of a busy log (one call per received chunk
     * instead of one per line); the array is read only and only valid during the call. The default decodes and calls
     * {@link #log} for each line; sinks that write bytes override it.
     */
    default void logLines(String worker, byte[] utf8, int from, int to) {
        forEachLine(utf8, from, to, line -> log(worker, line));
    }

    /** Decodes the lines of a {@link #logLines} block; a last line without its {@code '\n'} counts too. */
    static void forEachLine(byte[] utf8, int from, int to, java.util.function.Consumer<String> line) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (utf8[i] == '\n') {
                line.accept(new String(utf8, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < to) {
            line.accept(new String(utf8, start, to - start, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** A platform message: staging, attempts, uploads, warnings. */
    void info(String message);

    JobEventSink NONE = new JobEventSink() {
        @Override
        public void status(JobStatus status, String reason) {
        }

        @Override
        public void log(String worker, String line) {
        }

        @Override
        public void logLines(String worker, byte[] utf8, int from, int to) {
        }

        @Override
        public void info(String message) {
        }
    };
}

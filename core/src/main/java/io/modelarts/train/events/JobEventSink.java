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
        public void info(String message) {
        }
    };
}

package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

/**
 * Prefixes each log line with its worker, {@code [worker-1] loss=0.3}, so that the interleaved lines
 * of a multi-node job stay readable in one console. Single-node jobs need no prefix: use
 * {@link #forNodes(JobEventSink, int)}.
 */
public final class WorkerPrefixSink implements JobEventSink {

    private final JobEventSink delegate;

    public WorkerPrefixSink(JobEventSink delegate) {
        this.delegate = delegate;
    }

    /** A prefixing decorator when {@code nodes > 1}, otherwise {@code delegate} itself. */
    public static JobEventSink forNodes(JobEventSink delegate, int nodes) {
        return nodes > 1 ? new WorkerPrefixSink(delegate) : delegate;
    }

    public static String prefix(String worker, String line) {
        return "[" + worker + "] " + line;
    }

    @Override
    public void status(JobStatus status, String reason) {
        delegate.status(status, reason);
    }

    @Override
    public void log(String worker, String line) {
        delegate.log(worker, prefix(worker, line));
    }

    @Override
    public void info(String message) {
        delegate.info(message);
    }
}

package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    public void logLines(String worker, byte[] utf8, int from, int to) {
        if (to <= from) {
            return;
        }
        byte[] prefix = ("[" + worker + "] ").getBytes(StandardCharsets.UTF_8);
        // where each line ends, found once; then one exact-size copy
        int[] ends = new int[64];
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (utf8[i] == '\n') {
                if (lines == ends.length) {
                    ends = Arrays.copyOf(ends, lines * 2);
                }
                ends[lines++] = i + 1;
            }
        }
        if (utf8[to - 1] != '\n') {
            if (lines == ends.length) {
                ends = Arrays.copyOf(ends, lines + 1);
            }
            ends[lines++] = to;
        }
        byte[] out = new byte[to - from + lines * prefix.length];
        int at = 0;
        int start = from;
        for (int k = 0; k < lines; k++) {
            int n = ends[k] - start;
            System.arraycopy(prefix, 0, out, at, prefix.length);
            System.arraycopy(utf8, start, out, at + prefix.length, n);
            at += prefix.length + n;
            start = ends[k];
        }
        delegate.logLines(worker, out, 0, at);
    }

    @Override
    public void info(String message) {
        delegate.info(message);
    }
}

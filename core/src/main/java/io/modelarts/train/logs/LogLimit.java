package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * ModelArts keeps at most {@value #MODELARTS_MAX_BYTES} bytes (1 GiB) of each worker's log: past that, logging stops
 * and the job goes on. This decorator does the same per worker, counting UTF-8 bytes with their line breaks, and says
 * so once in a platform message (ModelArts stops silently; a missing tail without a word would look like a hang).
 * Status changes and platform messages are never limited.
 */
public final class LogLimit implements JobEventSink {

    /** ModelArts' limit of one worker's log, in bytes. */
    public static final long MODELARTS_MAX_BYTES = 1L << 30;

    private final JobEventSink delegate;
    private final long maxBytes;
    private final Map<String, Counter> workers = new ConcurrentHashMap<>();

    private static final class Counter {
        long bytes;
        boolean full;
    }

    private final ToLongFunction<String> alreadyKept;

    private LogLimit(JobEventSink delegate, long maxBytes, ToLongFunction<String> alreadyKept) {
        this.delegate = delegate;
        this.maxBytes = maxBytes;
        this.alreadyKept = alreadyKept;
    }

    /** {@code delegate} limited to {@code maxBytes} per worker; {@code maxBytes <= 0} means no limit. */
    public static JobEventSink wrap(JobEventSink delegate, long maxBytes) {
        return wrap(delegate, maxBytes, w -> 0);
    }

    /**
     * Like {@link #wrap(JobEventSink, long)} for a log that goes on where an earlier watcher left it (re-attaching
     * after a restart): {@code alreadyKept} tells how many bytes of a worker's log were kept before.
     */
    public static JobEventSink wrap(JobEventSink delegate, long maxBytes, ToLongFunction<String> alreadyKept) {
        return maxBytes <= 0 ? delegate : new LogLimit(delegate, maxBytes, alreadyKept);
    }

    @Override
    public void status(JobStatus status, String reason) {
        delegate.status(status, reason);
    }

    @Override
    public void info(String message) {
        delegate.info(message);
    }

    @Override
    public void log(String worker, String line) {
        Counter c = counter(worker);
        boolean pass;
        boolean reached = false;
        synchronized (c) {
            long n = utf8Length(line) + 1L;
            pass = !c.full && c.bytes + n <= maxBytes;
            if (pass) {
                c.bytes += n;
            } else if (!c.full) {
                c.full = true;
                reached = true;
            }
        }
        if (pass) {
            delegate.log(worker, line);
        } else if (reached) {
            reached(worker);
        }
    }

    @Override
    public void logLines(String worker, byte[] utf8, int from, int to) {
        Counter c = counter(worker);
        int end;
        boolean reached = false;
        synchronized (c) {
            if (c.full) {
                return;
            }
            long room = maxBytes - c.bytes;
            if (to - from <= room) {
                end = to;
            } else {
                // the whole lines that still fit
                end = from;
                for (int i = from; i < to && i - from < room; i++) {
                    if (utf8[i] == '\n') {
                        end = i + 1;
                    }
                }
                c.full = true;
                reached = true;
            }
            c.bytes += end - from;
        }
        if (end > from) {
            delegate.logLines(worker, utf8, from, end);
        }
        if (reached) {
            reached(worker);
        }
    }

    private void reached(String worker) {
        delegate.info((worker == null ? "worker-0" : worker) + ": the log reached its limit of " + describe(maxBytes)
                + "; the rest of this worker's output is not kept (the job goes on)");
    }

    private Counter counter(String worker) {
        return workers.computeIfAbsent(worker == null ? "worker-0" : worker, w -> {
            Counter c = new Counter();
            c.bytes = Math.max(0, alreadyKept.applyAsLong(w));
            c.full = c.bytes >= maxBytes;
            return c;
        });
    }

    static String describe(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB (" + bytes + " bytes)";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB (" + bytes + " bytes)";
        }
        return bytes + " bytes";
    }

    /** UTF-8 length of {@code s} without encoding it. */
    static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}

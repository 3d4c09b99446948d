package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.storage.Sizes;
import io.modelarts.train.storage.TransferListener;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress lines for transfers that take longer than a moment, in plain ASCII so they suit build
 * consoles and log files: {@code Downloading outputs: 12 MB of 64 MB (19%)}. Nothing is reported
 * for a transfer that finishes within {@code quiet}; after that one line at most every
 * {@code every}. Thread-safe: transfer threads may call it concurrently.
 */
public final class TransferProgress implements TransferListener {

    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(2);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

    private final JobEventSink sink;
    private final String label;
    private final long quietNanos;
    private final long everyNanos;
    private final LongSupplier clock;
    private final long start;
    private long lastReport;
    private long lastPercent = -1;

    TransferProgress(JobEventSink sink, String label, Duration quiet, Duration every, LongSupplier nanoClock) {
        this.sink = sink;
        this.label = label;
        this.quietNanos = quiet.toNanos();
        this.everyNanos = every.toNanos();
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastReport = start;
    }

    /** Reports {@code label} progress to {@code sink.info} after {@code quiet}, then every {@code every}. */
    public static TransferListener of(JobEventSink sink, String label, Duration quiet, Duration every) {
        return new TransferProgress(sink, label, quiet, every, System::nanoTime);
    }

    public static TransferListener of(JobEventSink sink, String label) {
        return of(sink, label, DEFAULT_QUIET, DEFAULT_EVERY);
    }

    @Override
    public void progress(long bytesDone, long bytesTotal) {
        long now = clock.getAsLong();
        String line;
        synchronized (this) {
            if (now - start < quietNanos || now - lastReport < everyNanos) {
                return;
            }
            long percent = bytesTotal > 0 ? Math.min(100, bytesDone * 100 / bytesTotal) : -1;
            if (percent >= 0 && percent == lastPercent) {
                return;
            }
            lastReport = now;
            lastPercent = percent;
            line = describe(label, bytesDone, bytesTotal);
        }
        sink.info(line);
    }

    static String describe(String label, long done, long total) {
        if (total > 0) {
            return String.format(Locale.ROOT, "%s: %s of %s (%d%%)", label, Sizes.human(done), Sizes.human(total),
                    Math.min(100, done * 100 / total));
        }
        return label + ": " + Sizes.human(done);
    }
}

package io.modelarts.train.storage;

import java.time.Duration;
import java.util.Locale;

/**
 * What one transfer did.
 *
 * @param files     files sent or received
 * @param bytes     bytes sent or received
 * @param unchanged files an incremental upload skipped because the store already had them
 * @param deferred  files an incremental upload could not send this time (they vanished or
 *                  changed while being read); the next sync tries again
 * @param took      wall time
 */
public record TransferReport(int files, long bytes, int unchanged, int deferred, Duration took) {

    public TransferReport {
        if (files < 0 || bytes < 0 || unchanged < 0 || deferred < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** A one-line summary such as {@code 12 files, 3.4 MB in 1.2 s (5 unchanged)}. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%,d files, %s in %.1f s",
                files, Sizes.human(bytes), took.toMillis() / 1000.0));
        if (unchanged > 0) {
            s.append(String.format(Locale.ROOT, " (%,d unchanged)", unchanged));
        }
        if (deferred > 0) {
            s.append(String.format(Locale.ROOT, " (%,d changing, retried next time)", deferred));
        }
        return s.toString();
    }
}

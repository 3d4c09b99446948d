package io.modelarts.train.storage;

import java.util.concurrent.atomic.AtomicLong;

/** Adds up bytes from concurrent transfers and tells the listener. */
final class Progress {

    private final TransferListener listener;
    private final long total;
    private final AtomicLong done = new AtomicLong();

    Progress(TransferListener listener, long total) {
        this.listener = listener == null ? TransferListener.NONE : listener;
        this.total = total;
    }

    void add(long bytes) {
        if (bytes != 0) {
            listener.progress(done.addAndGet(bytes), total);
        }
    }
}

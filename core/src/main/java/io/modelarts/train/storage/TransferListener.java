package io.modelarts.train.storage;

/**
 * Progress of one transfer, for progress bars. Called from transfer threads, possibly
 * concurrently; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = (done, total) -> { };

    /**
     * @param bytesDone  bytes transferred so far in this operation
     * @param bytesTotal bytes this operation expects to transfer
     */
    void progress(long bytesDone, long bytesTotal);
}

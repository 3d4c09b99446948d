package io.modelarts.train.storage;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one GET response body (a whole object or one range of it) into a shared file at the range's place, as the
 * bytes arrive, and says how far it got. The writes (and, for a range from the first byte on, the hashing) happen on
 * the HTTP client's thread: a positional write into the page cache is cheaper than handing each chunk to another
 * thread, and nothing here ever waits for a reader.
 *
 * <p>The SDK calls {@link #prepare()} again when it retries a request; each attempt starts at the range's start
 * again. Every request is pinned to the object's entity tag where one is known, so an attempt writes the same
 * bytes as the one before it and what {@link #written()} reported stays valid.
 */
final class RangeWriter implements AsyncResponseTransformer<GetObjectResponse, GetObjectResponse> {

    /** Writing into the local file failed: the disk's trouble, not the store's, so no new attempt would help. */
    static final class WriteFailed extends IOException {
        private static final long serialVersionUID = 1L;

        WriteFailed(IOException cause) {
            super("cannot write the downloaded bytes: " + cause, cause);
        }
    }

    /** Told after each write (from the HTTP client's thread) and when the range ends either way. */
    interface Listener {
        void wrote(RangeWriter range, long bytes);
    }

    private final FileChannel file;
    private final long start;
    private final long length;
    private final Listener listener;
    /** Hashes the bytes as they are written; only for a range that starts at 0, since a digest needs them in order. */
    private final MessageDigest digest;
    /** Bytes from {@link #start} on that are in the file; only grows, across attempts. */
    private volatile long written;
    /** Bytes the last completed attempt received; -1 until one completes. */
    private volatile long received = -1;
    private volatile CompletableFuture<GetObjectResponse> result;
    private volatile GetObjectResponse response;

    RangeWriter(FileChannel file, long start, long length, Listener listener, MessageDigest digest) {
        if (digest != null && start != 0) {
            throw new IllegalArgumentException("only a range from the first byte on can be hashed as it arrives");
        }
        this.file = file;
        this.start = start;
        this.length = length;
        this.listener = listener;
        this.digest = digest;
    }

    long start() {
        return start;
    }

    long length() {
        return length;
    }

    long written() {
        return written;
    }

    /**
     * How many bytes the completed response had: {@link #length()} unless the object changed or the store erred
     * (more than the length: the body went on past it and was cut off there).
     */
    long received() {
        return received;
    }

    /** The digest of every byte received, once {@link #received()} is set; null when none was asked for. */
    MessageDigest digest() {
        return digest;
    }

    @Override
    public CompletableFuture<GetObjectResponse> prepare() {
        if (digest != null) {
            digest.reset(); // a retry starts from the first byte again
        }
        CompletableFuture<GetObjectResponse> attempt = new CompletableFuture<>();
        result = attempt;
        return attempt;
    }

    @Override
    public void onResponse(GetObjectResponse response) {
        this.response = response;
    }

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
        publisher.subscribe(new Writer(result));
    }

    @Override
    public void exceptionOccurred(Throwable error) {
        CompletableFuture<GetObjectResponse> attempt = result;
        if (attempt != null) {
            attempt.completeExceptionally(error);
        }
    }

    @Override
    public String name() {
        return "RangeWriter";
    }

    /** One attempt's body: each chunk written where it belongs before the next one is asked for. */
    private final class Writer implements Subscriber<ByteBuffer> {
        private final CompletableFuture<GetObjectResponse> attempt;
        private Subscription subscription;
        private long position = start;

        Writer(CompletableFuture<GetObjectResponse> attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            // every chunk is written before onNext returns, so no unbounded buffer can build up here
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            if (attempt.isDone()) {
                return; // failed or cancelled: the rest of the body is dropped
            }
            if (position - start + chunk.remaining() > length) {
                // more than asked for: nothing is written past the range, and the download reports the size
                received = position - start + chunk.remaining();
                subscription.cancel();
                attempt.complete(response);
                listener.wrote(RangeWriter.this, 0);
                return;
            }
            try {
                if (digest != null) {
                    digest.update(chunk.duplicate());
                }
                while (chunk.hasRemaining()) {
                    position += file.write(chunk, position);
                }
            } catch (IOException e) {
                subscription.cancel();
                attempt.completeExceptionally(new WriteFailed(e));
                listener.wrote(RangeWriter.this, 0);
                return;
            }
            long done = position - start;
            if (done > written) {
                written = done;
            }
            listener.wrote(RangeWriter.this, done);
        }

        @Override
        public void onError(Throwable t) {
            attempt.completeExceptionally(t);
            listener.wrote(RangeWriter.this, 0);
        }

        @Override
        public void onComplete() {
            long done = position - start;
            received = done;
            attempt.complete(response);
            listener.wrote(RangeWriter.this, done);
        }
    }
}

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
 * thread, and nothing here ever waits for a reader. The HTTP client hands the body over in chunks of about 8 KiB;
 * they are gathered into blocks of {@link WriteBlocks#SIZE} before each write, so that a file costs a write call per
 * block instead of one per chunk (a 512 KiB object: 4 calls instead of 64).
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

    /**
     * One attempt's body: each chunk hashed as it arrives and gathered into a block, which is written where it belongs
     * once full, and at the body's end.
     */
    private final class Writer implements Subscriber<ByteBuffer> {
        private final CompletableFuture<GetObjectResponse> attempt;
        private Subscription subscription;
        /** Bytes of this attempt received so far (hashed, in the file or in {@link #block}). */
        private long received;
        /** Where the next block goes in the file. */
        private long position = start;
        /** Bytes received but not yet written; borrowed at the first chunk, given back when the attempt ends. */
        private ByteBuffer block;

        Writer(CompletableFuture<GetObjectResponse> attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            // every chunk is copied or written before onNext returns, so no unbounded buffer can build up here
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            if (attempt.isDone()) {
                end(); // failed or cancelled: the rest of the body is dropped
                return;
            }
            if (received + chunk.remaining() > length) {
                // more than asked for: nothing is written past the range, and the download reports the size
                RangeWriter.this.received = received + chunk.remaining();
                subscription.cancel();
                end();
                attempt.complete(response);
                listener.wrote(RangeWriter.this, 0);
                return;
            }
            received += chunk.remaining();
            if (digest != null) {
                digest.update(chunk.duplicate());
            }
            try {
                if (block == null) {
                    block = WriteBlocks.borrow();
                }
                while (chunk.hasRemaining()) {
                    if (!block.hasRemaining()) {
                        flush();
                    }
                    int n = Math.min(chunk.remaining(), block.remaining());
                    block.put(block.position(), chunk, chunk.position(), n).position(block.position() + n);
                    chunk.position(chunk.position() + n);
                }
                if (!block.hasRemaining()) {
                    flush();
                }
            } catch (IOException e) {
                fail(new WriteFailed(e));
            }
        }

        /** Writes the gathered bytes at their place and says how far the range got. */
        private void flush() throws IOException {
            block.flip();
            while (block.hasRemaining()) {
                position += file.write(block, position);
            }
            block.clear();
            long done = position - start;
            if (done > written) {
                written = done;
            }
            listener.wrote(RangeWriter.this, done);
        }

        private void fail(Throwable error) {
            subscription.cancel();
            end();
            attempt.completeExceptionally(error);
            listener.wrote(RangeWriter.this, 0);
        }

        /** Gives the block back; what it still held is dropped (the attempt failed, or the range is complete). */
        private void end() {
            if (block != null) {
                WriteBlocks.giveBack(block);
                block = null;
            }
        }

        @Override
        public void onError(Throwable t) {
            end();
            attempt.completeExceptionally(t);
            listener.wrote(RangeWriter.this, 0);
        }

        @Override
        public void onComplete() {
            if (attempt.isDone()) {
                end();
                return;
            }
            try {
                if (block != null) {
                    flush();
                }
            } catch (IOException e) {
                fail(new WriteFailed(e));
                return;
            }
            end();
            RangeWriter.this.received = received;
            attempt.complete(response);
            listener.wrote(RangeWriter.this, position - start);
        }
    }
}

package io.modelarts.train.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A body arrives in chunks of any size; {@link RangeWriter} puts each byte at its place, hashes them in order and
 * writes in blocks of {@link WriteBlocks#SIZE}, not once per chunk.
 */
class RangeWriterTest {

    @TempDir
    Path tmp;

    private final List<Long> progress = new CopyOnWriteArrayList<>();
    private final RangeWriter.Listener listener = (range, bytes) -> progress.add(bytes);

    @Test
    void chunksOfEverySizeLandInOrderAndAreWrittenInBlocks() throws Exception {
        byte[] content = random(3 * WriteBlocks.SIZE + 4321, 1);
        try (FileChannel file = open("whole.bin")) {
            RangeWriter writer = new RangeWriter(file, 0, content.length, listener, Checksums.newDigest("MD5"));

            GetObjectResponse response = deliver(writer, chunks(content, 0, content.length, 8192, 1, 100_000, 7, 300_000)).join();

            assertThat(response).isNotNull();
            assertThat(writer.received()).isEqualTo(content.length);
            assertThat(writer.written()).isEqualTo(content.length);
            assertThat(Files.readAllBytes(tmp.resolve("whole.bin"))).isEqualTo(content);
            assertThat(HexFormat.of().formatHex(writer.digest().digest())).isEqualTo(md5(content));
        }
        // one report per block written, plus the end: 4 blocks, not the 25 chunks
        assertThat(progress).hasSize(4 + 1).isSorted().endsWith((long) content.length, (long) content.length);
    }

    @Test
    void aRangeIsWrittenAtItsPlaceAndNothingBeyondIt() throws Exception {
        byte[] content = random(2 * WriteBlocks.SIZE + 99, 2);
        int start = WriteBlocks.SIZE / 2;
        int length = WriteBlocks.SIZE + 1;
        try (FileChannel file = open("ranged.bin")) {
            RangeWriter writer = new RangeWriter(file, start, length, listener, null);

            deliver(writer, chunks(content, start, length, 5000, 16_384)).join();

            assertThat(writer.received()).isEqualTo(length);
            byte[] back = Files.readAllBytes(tmp.resolve("ranged.bin"));
            assertThat(back).hasSize(start + length);
            assertThat(Arrays.copyOfRange(back, start, start + length)).isEqualTo(Arrays.copyOfRange(content, start, start + length));
        }
    }

    @Test
    void aBodyLongerThanTheRangeIsCutThereAndReportedAsLonger() throws Exception {
        byte[] content = random(WriteBlocks.SIZE + 10, 3);
        int length = WriteBlocks.SIZE;
        try (FileChannel file = open("long.bin")) {
            RangeWriter writer = new RangeWriter(file, 0, length, listener, null);

            deliver(writer, chunks(content, 0, content.length, 8192)).join();

            assertThat(writer.received()).isGreaterThan(length);
            assertThat(Files.size(tmp.resolve("long.bin"))).isLessThanOrEqualTo(length);
        }
    }

    @Test
    void anAttemptCutOffMidwayIsRewrittenFromTheRangeStartByTheNext() throws Exception {
        byte[] content = random(2 * WriteBlocks.SIZE + 777, 4);
        try (FileChannel file = open("again.bin")) {
            RangeWriter writer = new RangeWriter(file, 0, content.length, listener, Checksums.newDigest("MD5"));
            // the first attempt brings a block and a half of other bytes, then the connection breaks
            byte[] other = random(content.length, 5);
            List<ByteBuffer> partial = chunks(other, 0, WriteBlocks.SIZE + WriteBlocks.SIZE / 2, 8192);
            CompletableFuture<GetObjectResponse> first = deliver(writer, partial, new IOException("connection reset"));
            assertThatThrownBy(first::join).hasRootCauseMessage("connection reset");
            assertThat(writer.written()).isEqualTo(WriteBlocks.SIZE);

            deliver(writer, chunks(content, 0, content.length, 8192)).join();

            assertThat(Files.readAllBytes(tmp.resolve("again.bin"))).isEqualTo(content);
            assertThat(HexFormat.of().formatHex(writer.digest().digest())).isEqualTo(md5(content));
        }
    }

    @Test
    void aFailedWriteFailsTheAttemptAsTheDisksTrouble() throws Exception {
        byte[] content = random(WriteBlocks.SIZE * 2, 6);
        FileChannel file = open("closed.bin");
        file.close();
        RangeWriter writer = new RangeWriter(file, 0, content.length, listener, null);

        CompletableFuture<GetObjectResponse> attempt = deliver(writer, chunks(content, 0, content.length, 8192));

        assertThatThrownBy(attempt::join).hasCauseInstanceOf(RangeWriter.WriteFailed.class);
    }

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(tmp.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /** One attempt as the HTTP client plays it: prepare, the response, then the body (and the error, if any). */
    private static CompletableFuture<GetObjectResponse> deliver(RangeWriter writer, List<ByteBuffer> body) {
        return deliver(writer, body, null);
    }

    private static CompletableFuture<GetObjectResponse> deliver(RangeWriter writer, List<ByteBuffer> body, Throwable error) {
        CompletableFuture<GetObjectResponse> attempt = writer.prepare();
        writer.onResponse(GetObjectResponse.builder().eTag("\"tag\"").build());
        writer.onStream(SdkPublisher.adapt(new ListPublisher(body, error)));
        return attempt;
    }

    /** The slice {@code [from, from + length)} of {@code content} in chunks cycling through {@code sizes}. */
    private static List<ByteBuffer> chunks(byte[] content, int from, int length, int... sizes) {
        List<ByteBuffer> chunks = new ArrayList<>();
        int at = from;
        for (int i = 0; at < from + length; i++) {
            int n = Math.min(sizes[i % sizes.length], from + length - at);
            chunks.add(ByteBuffer.wrap(content, at, n).slice());
            at += n;
        }
        return chunks;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(Checksums.newDigest("MD5").digest(bytes));
    }

    /** Hands its chunks over as they are asked for, on the caller's thread, then completes or fails. */
    private static final class ListPublisher implements Publisher<ByteBuffer> {
        private final List<ByteBuffer> chunks;
        private final Throwable error;

        ListPublisher(List<ByteBuffer> chunks, Throwable error) {
            this.chunks = chunks;
            this.error = error;
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Subscription() {
                private int next;
                private boolean cancelled;
                private boolean delivering;
                private long demand;

                @Override
                public void request(long n) {
                    demand = n == Long.MAX_VALUE || demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (delivering) {
                        return;
                    }
                    delivering = true;
                    while (demand > 0 && next < chunks.size() && !cancelled) {
                        demand--;
                        subscriber.onNext(chunks.get(next++));
                    }
                    if (next == chunks.size() && !cancelled) {
                        cancelled = true;
                        if (error != null) {
                            subscriber.onError(error);
                        } else {
                            subscriber.onComplete();
                        }
                    }
                    delivering = false;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }
    }
}

package io.modelarts.train.storage;

import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What only the S3 implementation has: credentials, addressing style, checksum headers, multipart. */
class S3ObjectStoreTest {

    private static final String WRONG_SECRET = "wrong-secret-Zq81x";

    private static S3TestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start("bucket-b");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aWrongSecretKeyGivesAClearErrorThatNeverContainsTheSecret() {
        S3Settings wrong = server.settingsBuilder().credentials(server.accessKey(), WRONG_SECRET).build();
        ObjectUri location = ObjectUri.parse("obs://bucket-b/code/");

        StorageException e;
        try (S3ObjectStore store = new S3ObjectStore(wrong)) {
            e = catchThrowableOfType(StorageException.class, () -> store.list(location));
        }

        assertThat(e.getMessage()).contains("access denied to obs://bucket-b/code/")
                .contains("check the access key and secret key");
        String everything = stackTrace(e);
        assertThat(everything).doesNotContain(WRONG_SECRET).doesNotContain(server.secretKey());
    }

    @Test
    void aWrongSecretKeyFailsUploadsToo() {
        S3Settings wrong = server.settingsBuilder().credentials(server.accessKey(), WRONG_SECRET).build();
        Path file = TestTrees.write(tmp.resolve("a.txt"), "a");

        try (S3ObjectStore store = new S3ObjectStore(wrong)) {
            StorageException e = catchThrowableOfType(StorageException.class,
                    () -> store.putFile(file, ObjectUri.parse("obs://bucket-b/a.txt")));
            assertThat(e).hasMessageContaining("access denied");
            assertThat(stackTrace(e)).doesNotContain(WRONG_SECRET);
        }
    }

    @Test
    void aMissingBucketIsNamed() {
        try (S3ObjectStore store = new S3ObjectStore(server.settings())) {
            assertThatThrownBy(() -> store.list(ObjectUri.parse("obs://no-such-bucket/x/")))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist");
        }
    }

    @Test
    void anUnreachableEndpointSaysWhichOne() throws Exception {
        // a socket we hold that hangs up on every connection: nothing else can take its port meanwhile
        try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hangUp.isClosed()) {
                    try {
                        hangUp.accept().close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String endpoint = "http://127.0.0.1:" + hangUp.getLocalPort();
            S3Settings nowhere = server.settingsBuilder().endpoint(endpoint).build();

            try (S3ObjectStore store = new S3ObjectStore(nowhere)) {
                assertThatThrownBy(() -> store.list(ObjectUri.parse("obs://bucket-b/x/")))
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("cannot reach the object store at " + endpoint);
            }
        }
    }

    @Test
    void settingsNeverPrintTheSecret() {
        S3Settings settings = server.settings();

        assertThat(settings.toString()).contains(server.accessKey()).doesNotContain(server.secretKey());
        assertThat(settings.toBuilder().toString()).doesNotContain(server.secretKey());
        try (S3ObjectStore store = new S3ObjectStore(settings)) {
            assertThat(store.toString()).doesNotContain(server.secretKey());
        }
    }

    @Test
    void withoutKeysTheDefaultCredentialChainIsUsed() {
        S3Settings settings = S3Settings.builder().endpoint("https://obs.example.test").region("cn-north-4").build();

        assertThat(settings.hasStaticCredentials()).isFalse();
        assertThat(settings.toString()).contains("default chain");
        new S3ObjectStore(settings).close(); // builds without asking for credentials yet
        assertThatThrownBy(() -> S3Settings.builder().credentials("ak", null).build())
                .hasMessageContaining("both an access key and a secret key");
    }

    @Test
    void virtualHostedAddressingIsTheDefaultAndPathStyleASwitch() {
        S3Settings virtualHosted = S3Settings.builder().endpoint("https://obs.example.test").region("cn-north-4")
                .credentials("ak", "sk").build();
        assertThat(virtualHosted.pathStyle()).isFalse();

        SdkHttpRequest vh = firstRequest(virtualHosted, store -> store.putBytes(ObjectUri.parse("obs://my-bucket/dir/k.txt"), new byte[]{1}));
        assertThat(vh.host()).isEqualTo("my-bucket.obs.example.test");
        assertThat(vh.encodedPath()).isEqualTo("/dir/k.txt");

        SdkHttpRequest ps = firstRequest(virtualHosted.toBuilder().pathStyle(true).build(),
                store -> store.putBytes(ObjectUri.parse("obs://my-bucket/dir/k.txt"), new byte[]{1}));
        assertThat(ps.host()).isEqualTo("obs.example.test");
        assertThat(ps.encodedPath()).isEqualTo("/my-bucket/dir/k.txt");
    }

    @Test
    void checksumsAreOnlySentWhenRequired() {
        // OBS accepts unsigned or streaming payloads, not the SDK's default CRC32 trailer
        S3Settings https = S3Settings.builder().endpoint("https://obs.example.test").region("cn-north-4")
                .credentials("ak", "sk").build();

        SdkHttpRequest put = firstRequest(https, store -> store.putBytes(ObjectUri.parse("obs://my-bucket/k"), new byte[]{1, 2}));

        assertThat(put.method().name()).isEqualTo("PUT");
        assertThat(put.headers()).doesNotContainKeys("x-amz-trailer", "x-amz-sdk-checksum-algorithm",
                "x-amz-checksum-crc32");
        assertThat(put.firstMatchingHeader("x-amz-content-sha256")).hasValue("UNSIGNED-PAYLOAD");
    }

    @Test
    void bigFilesGoUpInPartsAndComeBackThroughRangedGets() throws Exception {
        Path big = TestTrees.randomFile(tmp.resolve("big.bin"), 12 * 1024 * 1024, 7);
        S3Settings small = server.settingsBuilder().multipartThreshold(5 * 1024 * 1024).partSize(5 * 1024 * 1024).build();
        ObjectUri target = ObjectUri.parse("obs://bucket-b/parts/big.bin");

        try (S3ObjectStore store = new S3ObjectStore(small)) {
            store.putFile(big, target);
            assertThat(store.list(target)).singleElement()
                    .satisfies(o -> assertThat(o.etag()).endsWith("-3"));

            Path back = tmp.resolve("back.bin");
            ObjectInfo fetched = store.getFile(target, back);
            assertThat(fetched.contentMd5()).isNull(); // a multipart tag is not an MD5
            assertThat(Checksums.sha256Hex(back)).isEqualTo(Checksums.sha256Hex(big));
        }
    }

    @Test
    void singlePartObjectsCarryTheirMd5() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("one.bin"), 10_000, 3);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/md5/one.bin");

        try (S3ObjectStore store = new S3ObjectStore(server.settings())) {
            store.putFile(file, target);
            ObjectInfo fetched = store.getFile(target, tmp.resolve("back.bin"));
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(file));
        }
    }

    @Test
    void aListedObjectComesInOneGetCheckedWhileItStreams() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("listed.bin"), 300_000, 5);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/listed/one.bin");
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionInterceptor record = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest().method() + " " + context.httpRequest().encodedPath());
            }
        };
        try (S3ObjectStore store = sdkGetsOnly(server.settings(), record)) {
            store.putFile(file, target);
            ObjectInfo listed = store.list(target).get(0);
            sent.clear();
            Path back = tmp.resolve("listed-back.bin");
            ObjectInfo fetched = store.getFile(target, back, listed);

            assertThat(sent).singleElement().satisfies(r -> assertThat(r).startsWith("GET ").endsWith("listed/one.bin")); // no HEAD
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(file));
            assertThat(Checksums.sha256Hex(back)).isEqualTo(Checksums.sha256Hex(file));
        }
    }

    @Test
    void aStreamedDownloadThatMissesItsMd5IsRefusedAndRemoved() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("bent.bin"), 50_000, 6);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/bent/one.bin");
        ObjectInfo listed = storeAndList(file, target, server.settings());
        Path back = tmp.resolve("bent-back.bin");
        try (S3ObjectStore store = sdkGetsOnly(server.settings(), corruptingObjectBodies())) {
            assertThatThrownBy(() -> store.getFile(target, back, listed)).isInstanceOf(StorageException.class)
                    .hasMessageContaining(target + " is corrupt").hasMessageContaining("the store says " + listed.etag());
            assertThat(back).doesNotExist();
        }
        // with KMS encryption the tag is no MD5: nothing to check against, but the size still is
        try (S3ObjectStore store = sdkGetsOnly(server.settings(), corruptingObjectBodies(),
                responseHeaders(java.util.Map.of("x-amz-server-side-encryption", "aws:kms")))) {
            assertThat(store.getFile(target, back, listed).contentMd5()).isNull();
            assertThat(Files.size(back)).isEqualTo(50_000);
            ObjectInfo longer = new ObjectInfo(listed.key(), listed.size() + 1, listed.etag(), null);
            assertThatThrownBy(() -> store.getFile(target, back, longer)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("downloaded " + target + " has 50000 bytes, but the store lists 50001 bytes");
            assertThat(back).doesNotExist();
        }
    }

    @Test
    void aBigObjectComesInOneGetWithoutAHeadAndIsCheckedWhileItStreams() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("big-one.bin"), 6 * 1024 * 1024 + 123, 8);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/big/one.bin");
        S3Settings settings = server.settingsBuilder().multipartThreshold(64L << 20).build();
        ObjectInfo listed = storeAndList(file, target, settings);
        S3Settings smallThreshold = settings.toBuilder().multipartThreshold(5L << 20).partSize(5L << 20).build();
        List<SdkHttpRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Path back = tmp.resolve("big-one-back.bin");

        try (S3ObjectStore store = sdkGetsOnly(smallThreshold, recording(sent))) {
            ObjectInfo fetched = store.getFile(target, back, listed);

            assertThat(sent).singleElement().satisfies(r -> {
                assertThat(r.method().name()).isEqualTo("GET");
                assertThat(r.firstMatchingHeader("Range")).isEmpty();
                assertThat(r.firstMatchingHeader("If-Match")).hasValue("\"" + listed.etag() + "\"");
            });
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(file));
            assertThat(Checksums.sha256Hex(back)).isEqualTo(Checksums.sha256Hex(file));
        }
    }

    @Test
    void objectsOverTheCutoffComeInRangesPinnedToTheirTagAndAreStillChecked() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("ranged.bin"), 12 * 1024 * 1024 + 5, 9);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/ranged/one.bin");
        S3Settings settings = server.settingsBuilder().multipartThreshold(64L << 20).partSize(5L << 20).build();
        ObjectInfo listed = storeAndList(file, target, settings);
        List<SdkHttpRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Path back = tmp.resolve("ranged-back.bin");

        try (S3ObjectStore store = new S3ObjectStore(settings, List.of(recording(sent)), 1024 * 1024)) {
            ObjectInfo fetched = store.getFile(target, back, listed);

            assertThat(sent).hasSize(3).allSatisfy(r -> {
                assertThat(r.method().name()).isEqualTo("GET");
                assertThat(r.firstMatchingHeader("If-Match")).hasValue("\"" + listed.etag() + "\"");
            });
            assertThat(sent).extracting(r -> r.firstMatchingHeader("Range").orElse(null)).containsExactlyInAnyOrder(
                    "bytes=0-5242879", "bytes=5242880-10485759", "bytes=10485760-12582916");
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(file));
            assertThat(Checksums.sha256Hex(back)).isEqualTo(Checksums.sha256Hex(file));
        }
        try (S3ObjectStore store = new S3ObjectStore(settings, List.of(corruptingObjectBodies()), 1024 * 1024)) {
            assertThatThrownBy(() -> store.getFile(target, back, listed)).isInstanceOf(StorageException.class)
                    .hasMessageContaining(target + " is corrupt");
            assertThat(back).doesNotExist();
        }
    }

    @Test
    void aCorruptedBigObjectInOneStreamFailsAndLeavesNoFile() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("big-bent.bin"), 6 * 1024 * 1024, 10);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/big/bent.bin");
        S3Settings settings = server.settingsBuilder().multipartThreshold(64L << 20).build();
        ObjectInfo listed = storeAndList(file, target, settings);
        Path back = tmp.resolve("big-bent-back.bin");

        try (S3ObjectStore store = sdkGetsOnly(settings, corruptingObjectBodies())) {
            assertThatThrownBy(() -> store.getFile(target, back, listed)).isInstanceOf(StorageException.class)
                    .hasMessageContaining(target + " is corrupt").hasMessageContaining("the store says " + listed.etag());
            assertThat(back).doesNotExist();
        }
    }

    @Test
    void aBigMultipartObjectIsCheckedOnItsSizeOnly() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("parts.bin"), 11 * 1024 * 1024, 11);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/multipart/parts.bin");
        S3Settings settings = server.settingsBuilder().multipartThreshold(5L << 20).partSize(5L << 20).build();
        ObjectInfo listed = storeAndList(file, target, settings);
        assertThat(listed.etag()).endsWith("-3");
        Path back = tmp.resolve("parts-back.bin");

        for (long cutoff : new long[] {S3ObjectStore.ONE_STREAM_UP_TO, 1024 * 1024}) {
            // a multipart tag is no MD5: a changed byte goes unnoticed, a wrong size does not
            try (S3ObjectStore store = new S3ObjectStore(settings, List.of(corruptingObjectBodies()), cutoff)) {
                ObjectInfo fetched = store.getFile(target, back, listed);
                assertThat(fetched.contentMd5()).isNull();
                assertThat(fetched.size()).isEqualTo(file.toFile().length());
                assertThat(Files.size(back)).isEqualTo(file.toFile().length());
            }
            try (S3ObjectStore store = new S3ObjectStore(settings, List.of(), cutoff)) {
                ObjectInfo shorter = new ObjectInfo(listed.key(), listed.size() - 1, listed.etag(), null);
                assertThatThrownBy(() -> store.getFile(target, back, shorter)).isInstanceOf(StorageException.class)
                        .hasMessageContaining("downloaded " + target + " has");
                assertThat(back).doesNotExist();
            }
        }
    }

    @Test
    void anInterruptedDownloadStopsItsRequestGivesBackItsPlaceAndLeavesNoFile() throws Exception {
        Path file = TestTrees.randomFile(tmp.resolve("slow.bin"), 8 * 1024 * 1024, 12);
        ObjectUri target = ObjectUri.parse("obs://bucket-b/slow/one.bin");
        S3Settings settings = server.settingsBuilder().multipartThreshold(64L << 20).maxConcurrency(1).build();
        ObjectInfo listed = storeAndList(file, target, settings);
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean(true);
        Path back = tmp.resolve("slow-back.bin");

        try (S3ObjectStore store = sdkGetsOnly(settings, slowObjectBodies(streaming, slow))) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
            Thread downloader = new Thread(() -> {
                try {
                    store.getFile(target, back, listed);
                } catch (Throwable e) {
                    failure.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            downloader.start();
            assertThat(streaming.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            downloader.interrupt();
            downloader.join(30_000);

            assertThat(downloader.isAlive()).isFalse();
            assertThat(failure.get()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("interrupted while downloading " + target);
            assertThat(stillInterrupted).isTrue();
            assertThat(back).doesNotExist();
            // the store's only request place came back: the next download gets it
            slow.set(false);
            ObjectInfo again = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> store.getFile(target, back, listed));
            assertThat(again.contentMd5()).isEqualTo(Checksums.md5Hex(file));
        }
    }

    /** Object bodies that arrive slowly while {@code slow} is set; {@code streaming} opens at the first chunk. */
    private static ExecutionInterceptor slowObjectBodies(java.util.concurrent.CountDownLatch streaming,
                                                         java.util.concurrent.atomic.AtomicBoolean slow) {
        return new ExecutionInterceptor() {
            @Override
            public java.util.Optional<org.reactivestreams.Publisher<java.nio.ByteBuffer>> modifyAsyncHttpResponseContent(
                    Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                java.util.Optional<org.reactivestreams.Publisher<java.nio.ByteBuffer>> body = context.responsePublisher();
                if (!context.httpRequest().rawQueryParameters().isEmpty() || body.isEmpty()) {
                    return body;
                }
                org.reactivestreams.Publisher<java.nio.ByteBuffer> original = body.get();
                return java.util.Optional.of(subscriber -> original.subscribe(new org.reactivestreams.Subscriber<>() {
                    @Override
                    public void onSubscribe(org.reactivestreams.Subscription s) {
                        subscriber.onSubscribe(s);
                    }

                    @Override
                    public void onNext(java.nio.ByteBuffer chunk) {
                        streaming.countDown();
                        if (slow.get()) {
                            try {
                                Thread.sleep(30);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        subscriber.onNext(chunk);
                    }

                    @Override
                    public void onError(Throwable t) {
                        subscriber.onError(t);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                }));
            }
        };
    }

    /**
     * A store whose GETs all go through the SDK's client, so that interceptors see (and may alter) them: small listed
     * objects otherwise take the signed GET, which the SDK's interceptors never see (SignedGetTest covers it).
     */
    private static S3ObjectStore sdkGetsOnly(S3Settings settings, ExecutionInterceptor... interceptors) {
        return new S3ObjectStore(settings, List.of(interceptors), S3ObjectStore.ONE_STREAM_UP_TO, S3ObjectStore.SDK_GETS_ONLY);
    }

    private static ObjectInfo storeAndList(Path file, ObjectUri target, S3Settings settings) {
        try (S3ObjectStore plain = new S3ObjectStore(settings)) {
            plain.putFile(file, target);
            return plain.list(target).get(0);
        }
    }

    private static ExecutionInterceptor recording(List<SdkHttpRequest> sent) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest());
            }
        };
    }

    /** Flips one byte in the body of every object GET, as a bad disk or a broken proxy would. */
    private static ExecutionInterceptor corruptingObjectBodies() {
        return new ExecutionInterceptor() {
            @Override
            public java.util.Optional<org.reactivestreams.Publisher<java.nio.ByteBuffer>> modifyAsyncHttpResponseContent(
                    Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                java.util.Optional<org.reactivestreams.Publisher<java.nio.ByteBuffer>> body = context.responsePublisher();
                if (context.httpRequest().method() != software.amazon.awssdk.http.SdkHttpMethod.GET
                        || !context.httpRequest().rawQueryParameters().isEmpty() || body.isEmpty()) {
                    return body;
                }
                org.reactivestreams.Publisher<java.nio.ByteBuffer> original = body.get();
                return java.util.Optional.of(subscriber -> original.subscribe(new org.reactivestreams.Subscriber<>() {
                    private boolean flipped;

                    @Override
                    public void onSubscribe(org.reactivestreams.Subscription s) {
                        subscriber.onSubscribe(s);
                    }

                    @Override
                    public void onNext(java.nio.ByteBuffer chunk) {
                        if (!flipped && chunk.hasRemaining()) {
                            flipped = true;
                            java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocate(chunk.remaining()).put(chunk.duplicate());
                            copy.flip();
                            copy.put(copy.limit() / 2, (byte) (copy.get(copy.limit() / 2) ^ 0x5a));
                            chunk = copy;
                        }
                        subscriber.onNext(chunk);
                    }

                    @Override
                    public void onError(Throwable t) {
                        subscriber.onError(t);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                }));
            }
        };
    }

    /** Replaces headers of every GET response, as a store with other metadata would send them. */
    private static ExecutionInterceptor responseHeaders(java.util.Map<String, String> headers) {
        return new ExecutionInterceptor() {
            @Override
            public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                                                                                 ExecutionAttributes attributes) {
                if (context.httpRequest().method() != software.amazon.awssdk.http.SdkHttpMethod.GET) {
                    return context.httpResponse();
                }
                software.amazon.awssdk.http.SdkHttpResponse.Builder b = context.httpResponse().toBuilder();
                headers.forEach(b::putHeader);
                return b.build();
            }
        };
    }

    /** Captures the first request as it would be sent, then stops it before any network I/O. */
    private static SdkHttpRequest firstRequest(S3Settings settings, java.util.function.Consumer<S3ObjectStore> call) {
        AtomicReference<SdkHttpRequest> seen = new AtomicReference<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                seen.compareAndSet(null, context.httpRequest());
                throw new IllegalStateException("captured; not sent");
            }
        };
        try (S3ObjectStore store = new S3ObjectStore(settings, List.of(capture))) {
            assertThatThrownBy(() -> call.accept(store)).isInstanceOf(StorageException.class);
        }
        assertThat(seen.get()).as("a request was made").isNotNull();
        return seen.get();
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

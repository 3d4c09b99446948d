package io.modelarts.train.storage;

import io.modelarts.train.output.CollectionReport;
import io.modelarts.train.output.OutputCollector;
import io.modelarts.train.testing.S3Front;
import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Listed objects up to {@link S3ObjectStore#SIGNED_GET_UP_TO} come through {@link SignedGet}: signed here and sent on
 * the store's HTTP client, never through the SDK's client (its interceptors see nothing), and still checked as the
 * SDK path checks them. A front proxy between the store and the test server sees what goes on the wire and plays the
 * store's failures.
 */
class SignedGetTest {

    private static final String BUCKET = "bucket-sg";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-signed-get-token";

    private static S3TestServer server;
    private S3Front front;
    private final List<SdkHttpRequest> sdkSaw = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void startFront() throws Exception {
        front = new S3Front(server.endpoint());
    }

    @AfterEach
    void stopFront() throws Exception {
        front.close();
    }

    @Test
    void aSmallListedObjectComesInOneSignedGetPinnedToItsTagThatTheSdkNeverSees() throws Exception {
        byte[] content = "model weights, small".getBytes(StandardCharsets.UTF_8);
        String key = "light/dir/a b+c%ü.txt"; // encoded in the path as the SDK encodes it, or the signature fails
        server.putDirect(BUCKET, key, content);
        ObjectUri source = new ObjectUri(BUCKET, key);

        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            front.clear();
            sdkSaw.clear();
            Path back = tmp.resolve("back.txt");

            ObjectInfo fetched = store.getFile(source, back, listed);

            assertThat(sdkSaw).isEmpty();
            assertThat(front.requests()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.path()).isEqualTo("/" + BUCKET + "/light/dir/a%20b%2Bc%25%C3%BC.txt");
                assertThat(r.header("If-Match")).isEqualTo("\"" + listed.etag() + "\"");
                assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + server.accessKey() + "/");
                assertThat(r.header("Range")).isNull();
                assertThat(r.header("X-Amz-Security-Token")).isNull();
            });
            assertThat(Files.readAllBytes(back)).isEqualTo(content);
            assertThat(fetched.contentMd5()).isEqualTo(listed.etag()).isEqualTo(Checksums.md5Hex(back));
            assertThat(fetched.size()).isEqualTo(content.length);
            assertThat(fetched.lastModified()).isNotNull();
        }
    }

    @Test
    void anOutputCollectionOfSmallFilesGoesPastTheSdkAndEveryFileIsRight() throws Exception {
        for (int i = 0; i < 40; i++) {
            server.putDirect(BUCKET, "collect/out/f" + i + ".txt", ("file " + i).repeat(i + 1).getBytes(StandardCharsets.UTF_8));
        }

        CollectionReport report;
        try (S3ObjectStore store = store(viaFront())) {
            report = new OutputCollector(8).collect(store, Map.of("out", ObjectUri.parse("obs://" + BUCKET + "/collect/out/")),
                    tmp.resolve("artifacts"), null);
        }

        assertThat(report.fileCount()).isEqualTo(40);
        assertThat(sdkSaw).allSatisfy(r -> assertThat(r.rawQueryParameters()).containsKey("list-type"));
        assertThat(front.gets()).hasSize(40).allSatisfy(r -> assertThat(r.header("If-Match")).isNotNull());
        for (int i = 0; i < 40; i++) {
            assertThat(Files.readString(tmp.resolve("artifacts/out/f" + i + ".txt"))).isEqualTo(("file " + i).repeat(i + 1));
        }
    }

    @Test
    void aCorruptedBodyFailsNamingTheObjectAndLeavesNoFile() throws Exception {
        ObjectUri source = put("bent/one.bin", 50_000);
        front.corruptBodies(true);

        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            sdkSaw.clear();
            Path back = tmp.resolve("bent.bin");

            assertThatThrownBy(() -> store.getFile(source, back, listed)).isInstanceOf(StorageException.class)
                    .hasMessageContaining(source + " is corrupt").hasMessageContaining("the store says " + listed.etag());
            assertThat(back).doesNotExist();
            assertThat(sdkSaw).isEmpty();
        }
    }

    @Test
    void aBodyOfAnotherSizeThanListedIsRefusedAndLeavesNoFile() throws Exception {
        ObjectUri source = put("sized/one.bin", 2000);
        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            ObjectInfo longer = new ObjectInfo(listed.key(), listed.size() + 1, listed.etag(), null);
            Path back = tmp.resolve("sized.bin");

            assertThatThrownBy(() -> store.getFile(source, back, longer)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("downloaded " + source + " has 2000 bytes, but the store lists 2001 bytes");
            assertThat(back).doesNotExist();
        }
    }

    @Test
    void anObjectReplacedAfterTheListingIsRefusedAsChanged() throws Exception {
        ObjectUri source = put("replaced/one.bin", 1000);
        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            server.putDirect(BUCKET, source.key(), new byte[1000]); // same size, other content
            Path back = tmp.resolve("replaced.bin");

            assertThatThrownBy(() -> store.getFile(source, back, listed)).isInstanceOf(StorageException.class)
                    .hasMessage(source + " changed while it was being read; try again");
            assertThat(back).doesNotExist();
            assertThat(front.gets()).singleElement(); // a 412 is an answer, not a failure to retry
        }
    }

    @Test
    void aWrongSecretKeyGivesTheClearAccessDeniedMessage() throws Exception {
        ObjectUri source = put("denied/one.bin", 100);
        ObjectInfo listed;
        try (S3ObjectStore lister = store(viaFront())) {
            listed = lister.list(source).get(0);
        }
        sdkSaw.clear();
        String wrongSecret = "wrong-secret-for-signed-get-Qv7";
        S3Settings wrong = viaFront().toBuilder().credentials(server.accessKey(), wrongSecret).build();

        try (S3ObjectStore store = store(wrong)) {
            StorageException e = catchThrowableOfType(StorageException.class,
                    () -> store.getFile(source, tmp.resolve("denied.bin"), listed));

            assertThat(e.getMessage()).startsWith("access denied to " + source)
                    .contains("check the access key and secret key").contains("SignatureDoesNotMatch, HTTP 403");
            assertThat(stackTrace(e)).doesNotContain(wrongSecret).doesNotContain(server.secretKey());
            assertThat(tmp.resolve("denied.bin")).doesNotExist();
            assertThat(sdkSaw).isEmpty();
        }
    }

    @Test
    void aMissingObjectIsNamed() throws Exception {
        ObjectUri source = new ObjectUri(BUCKET, "missing/none.bin");
        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = new ObjectInfo(source.key(), 10, "0123456789abcdef0123456789abcdef", null);
            assertThatThrownBy(() -> store.getFile(source, tmp.resolve("none.bin"), listed))
                    .isInstanceOf(StorageException.class).hasMessage(source + " does not exist");
        }
    }

    @Test
    void aServerErrorIsRetriedAndTheDownloadSucceeds() throws Exception {
        ObjectUri source = put("retried/one.bin", 30_000);
        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            front.clear();
            front.failNextGets(1, 503, "SlowDown");
            Path back = tmp.resolve("retried.bin");

            ObjectInfo fetched = store.getFile(source, back, listed);

            assertThat(front.gets()).hasSize(2);
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(back)).isEqualTo(listed.etag());
        }
    }

    @Test
    void aBodyCutOffMidwayIsFetchedAgainAndTheFileHoldsOnlyTheRightBytes() throws Exception {
        ObjectUri source = put("cut/one.bin", 3 * WriteBlocks.SIZE + 1000);
        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            front.clear();
            // more than a block arrives (so some of it is in the file) before the connection breaks
            front.cutNextBodies(1, WriteBlocks.SIZE + WriteBlocks.SIZE / 2);
            Path back = tmp.resolve("cut.bin");

            ObjectInfo fetched = store.getFile(source, back, listed);

            assertThat(front.gets()).hasSize(2);
            assertThat(Files.size(back)).isEqualTo(listed.size());
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(back)).isEqualTo(listed.etag());
        }
    }

    @Test
    void aServerThatKeepsFailingIsGivenUpOnAfterTheLastAttempt() throws Exception {
        ObjectUri source = put("failing/one.bin", 300);
        try (S3ObjectStore store = store(viaFront())) {
            ObjectInfo listed = store.list(source).get(0);
            front.clear();
            front.failNextGets(SignedGet.MAX_ATTEMPTS, 500, "InternalError");
            Path back = tmp.resolve("failing.bin");

            assertThatThrownBy(() -> store.getFile(source, back, listed)).isInstanceOf(StorageException.class)
                    .hasMessage("cannot download " + source + " (InternalError, HTTP 500): InternalError from the test front");
            assertThat(front.gets()).hasSize(SignedGet.MAX_ATTEMPTS);
            assertThat(back).doesNotExist();
        }
    }

    @Test
    void aSessionTokenIsSentWithTheSignedGet() throws Exception {
        ObjectUri source = put("token/one.bin", 500);
        S3Settings withToken = viaFront().toBuilder().credentials(server.accessKey(), server.secretKey(), TOKEN).build();
        try (S3ObjectStore store = store(withToken)) {
            ObjectInfo listed = store.list(source).get(0);
            front.clear();
            sdkSaw.clear();

            store.getFile(source, tmp.resolve("token.bin"), listed);

            assertThat(front.gets()).singleElement().satisfies(r -> {
                assertThat(r.header("X-Amz-Security-Token")).isEqualTo(TOKEN);
                assertThat(r.header("Authorization")).contains("x-amz-security-token");
            });
            assertThat(sdkSaw).isEmpty();
        }
    }

    @Test
    void aStoreThatFindsOurClockOffIsAskedThroughTheSdkFromThenOn() throws Exception {
        ObjectUri first = put("skew/one.bin", 400);
        ObjectUri second = put("skew/two.bin", 400);
        try (S3ObjectStore store = store(viaFront())) {
            List<ObjectInfo> listed = store.list(ObjectUri.parse("obs://" + BUCKET + "/skew/"));
            front.failNextGets(1, 403, "RequestTimeTooSkewed");
            sdkSaw.clear();

            ObjectInfo one = store.getFile(first, tmp.resolve("one.bin"), listed.get(0));
            ObjectInfo two = store.getFile(second, tmp.resolve("two.bin"), listed.get(1));

            assertThat(one.contentMd5()).isEqualTo(Checksums.md5Hex(tmp.resolve("one.bin")));
            assertThat(two.contentMd5()).isEqualTo(Checksums.md5Hex(tmp.resolve("two.bin")));
            assertThat(sdkSaw).extracting(SdkHttpRequest::encodedPath)
                    .containsExactly("/" + BUCKET + "/skew/one.bin", "/" + BUCKET + "/skew/two.bin");
        }
    }

    @Test
    void anInterruptedSignedGetStopsGivesBackItsPlaceKeepsTheFlagAndLeavesNoFile() throws Exception {
        ObjectUri source = put("slow/one.bin", 2 * 1024 * 1024);
        S3Settings one = viaFront().toBuilder().maxConcurrency(1).build();
        CountDownLatch streaming = new CountDownLatch(1);
        Path back = tmp.resolve("slow.bin");

        try (S3ObjectStore store = store(one)) {
            ObjectInfo listed = store.list(source).get(0);
            front.slowBodies(streaming);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread downloader = new Thread(() -> {
                try {
                    store.getFile(source, back, listed);
                } catch (Throwable e) {
                    failure.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            downloader.start();
            assertThat(streaming.await(30, TimeUnit.SECONDS)).isTrue();
            downloader.interrupt();
            downloader.join(30_000);

            assertThat(downloader.isAlive()).isFalse();
            assertThat(failure.get()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("interrupted while downloading " + source);
            assertThat(stillInterrupted).isTrue();
            assertThat(back).doesNotExist();
            // the only request place came back, and nothing was retried behind the caller's back
            front.slowBodies(null);
            front.clear();
            ObjectInfo again = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> store.getFile(source, back, listed));
            assertThat(again.contentMd5()).isEqualTo(listed.etag());
            assertThat(front.gets()).hasSize(1);
        }
    }

    @Test
    void biggerObjectsAndOtherEndpointsStayOnTheSdkPath() throws Exception {
        ObjectUri source = put("big/over.bin", 300);
        try (S3ObjectStore store = new S3ObjectStore(viaFront(), List.of(recording()), S3ObjectStore.ONE_STREAM_UP_TO, 299)) {
            ObjectInfo listed = store.list(source).get(0);
            sdkSaw.clear();
            store.getFile(source, tmp.resolve("over.bin"), listed);
            assertThat(sdkSaw).singleElement().satisfies(r -> assertThat(r.encodedPath()).endsWith("/big/over.bin"));
        }
        S3Settings aws = S3Settings.builder().region("eu-west-1").credentials("ak", "sk").build();
        assertThat(SignedGet.forStore(aws, null, null)).as("the AWS default endpoint: the SDK's rules").isNull();
        S3Settings withPath = S3Settings.builder().endpoint("https://gw.example.test/s3").credentials("ak", "sk").build();
        assertThat(SignedGet.forStore(withPath, null, null)).isNull();
    }

    @Test
    void virtualHostedRequestsPutTheBucketInTheHostAsTheSdkDoes() {
        S3Settings virtualHosted = S3Settings.builder().endpoint("https://obs.example.test").region("cn-north-4")
                .credentials("ak", "sk").build();
        SignedGet get = SignedGet.forStore(virtualHosted, null, null);

        SdkHttpRequest request = get.request(ObjectUri.parse("obs://my-bucket/dir/k 1.txt"), "bytes=0-9", "\"abc\"");

        assertThat(request.protocol()).isEqualTo("https");
        assertThat(request.host()).isEqualTo("my-bucket.obs.example.test");
        assertThat(request.encodedPath()).isEqualTo("/dir/k%201.txt");
        assertThat(request.firstMatchingHeader("Range")).hasValue("bytes=0-9");
        assertThat(request.firstMatchingHeader("If-Match")).hasValue("\"abc\"");
        assertThat(get.serves("my-bucket")).isTrue();
        assertThat(get.serves("my.dotted.bucket")).as("the SDK goes path-style for those").isFalse();
        assertThat(SignedGet.forStore(virtualHosted.toBuilder().pathStyle(true).build(), null, null)
                .request(ObjectUri.parse("obs://my-bucket/dir/k.txt"), null, null).encodedPath()).isEqualTo("/my-bucket/dir/k.txt");
    }

    private ObjectUri put(String key, int size) {
        byte[] content = new byte[size];
        new java.util.Random(key.hashCode()).nextBytes(content);
        server.putDirect(BUCKET, key, content);
        return new ObjectUri(BUCKET, key);
    }

    private S3Settings viaFront() {
        return server.settingsBuilder().endpoint(front.endpoint()).build();
    }

    private S3ObjectStore store(S3Settings settings) {
        return new S3ObjectStore(settings, List.of(recording()));
    }

    private ExecutionInterceptor recording() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sdkSaw.add(context.httpRequest());
            }
        };
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

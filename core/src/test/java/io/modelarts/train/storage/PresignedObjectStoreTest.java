package io.modelarts.train.storage;

import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the broker grants, and what a presigned request lets through: exact keys, exact content, a short time. */
class PresignedObjectStoreTest {

    private static S3TestServer server;
    private static S3ObjectStore lister;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = S3TestServer.start("bucket-g");
        lister = new S3ObjectStore(server.settings());
    }

    @AfterAll
    static void stop() {
        lister.close();
        server.close();
    }

    static S3PresigningBroker broker(String readable, String writable) {
        return new S3PresigningBroker(server.settings(), lister, List.of(ObjectUri.parse(readable)),
                List.of(ObjectUri.parse(writable)), Duration.ofMinutes(5));
    }

    @Test
    void theBrokerGrantsOnlyItsOwnFoldersAndNeverShowsTheSecretKey() {
        try (S3PresigningBroker broker = broker("obs://bucket-g/in/", "obs://bucket-g/out/job-1/")) {
            PresignedRequest put = broker.presignPut(ObjectUri.parse("obs://bucket-g/out/job-1/model.pt"), "00".repeat(16), 10);
            PresignedRequest get = broker.presignGet(ObjectUri.parse("obs://bucket-g/in/data.csv"));

            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.signedHeaders()).containsKey("content-md5");
            assertThat(put.expires()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
            assertThat(put.url() + put.signedHeaders() + get.url()).doesNotContain(server.secretKey());
            assertThat(put.toString()).doesNotContain("X-Amz-Signature");
            assertThat(get.method()).isEqualTo("GET");

            assertThatThrownBy(() -> broker.presignPut(ObjectUri.parse("obs://bucket-g/in/data.csv"), "00".repeat(16), 1))
                    .isInstanceOf(StorageException.class).hasMessageContaining("may not write obs://bucket-g/in/data.csv");
            assertThatThrownBy(() -> broker.presignGet(ObjectUri.parse("obs://bucket-g/out/job-2/model.pt")))
                    .hasMessageContaining("may not read");
            assertThatThrownBy(() -> broker.presignGet(ObjectUri.parse("obs://bucket-g/out/job-1-other/x")))
                    .hasMessageContaining("may not read");
            assertThatThrownBy(() -> broker.list(ObjectUri.parse("obs://bucket-g/")))
                    .hasMessageContaining("may not list");
            assertThatThrownBy(() -> broker.presignPut(ObjectUri.parse("obs://bucket-g/out/job-1/huge.bin"), "00".repeat(16),
                    PresignedRequest.MAX_PUT_BYTES + 1)).hasMessageContaining("at most 5");
        }
    }

    @Test
    void aPresignedPutTakesOnlyTheSignedContent() throws Exception {
        try (S3PresigningBroker broker = broker("obs://bucket-g/in/", "obs://bucket-g/out/")) {
            byte[] good = "the weights".getBytes(StandardCharsets.UTF_8);
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(good));
            PresignedRequest put = broker.presignPut(ObjectUri.parse("obs://bucket-g/out/w.bin"), md5, good.length);

            assertThat(send(put, "other bytes".getBytes(StandardCharsets.UTF_8))).isBetween(400, 403);
            assertThat(lister.list(ObjectUri.parse("obs://bucket-g/out/w.bin"))).isEmpty();

            assertThat(send(put, good)).isEqualTo(200);
            assertThat(lister.list(ObjectUri.parse("obs://bucket-g/out/w.bin"))).singleElement()
                    .satisfies(o -> assertThat(o.contentMd5()).isEqualTo(md5));
        }
    }

    @Test
    void anExpiredRequestIsRefused() throws Exception {
        lister.putBytes(ObjectUri.parse("obs://bucket-g/in/old.txt"), new byte[]{1});
        try (S3PresigningBroker broker = new S3PresigningBroker(server.settings(), lister, List.of(ObjectUri.parse("obs://bucket-g/in/")),
                List.of(), Duration.ofSeconds(4))) {
            PresignedObjectStore store = new PresignedObjectStore(broker);
            PresignedRequest get = broker.presignGet(ObjectUri.parse("obs://bucket-g/in/old.txt"));
            // long enough that a fresh request signed below is used within its 4 s even on a loaded machine
            Thread.sleep(5500);
            HttpURLConnection c = (HttpURLConnection) URI.create(get.url()).toURL().openConnection();
            assertThat(c.getResponseCode()).isEqualTo(403);
            // the store asks for a fresh request each time, so it still works
            assertThat(store.getFile(ObjectUri.parse("obs://bucket-g/in/old.txt"), tmp.resolve("old.txt")).size()).isEqualTo(1);
            store.close();
        }
    }

    @Test
    void aFileOverTheSinglePutLimitIsRefusedBeforeAnyByteIsSent() throws Exception {
        Path sparse = tmp.resolve("huge.bin");
        try (var f = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            f.position(PresignedRequest.MAX_PUT_BYTES);
            f.write(java.nio.ByteBuffer.wrap(new byte[]{1}));
        }
        try (S3PresigningBroker broker = broker("obs://bucket-g/in/", "obs://bucket-g/out/");
             PresignedObjectStore store = new PresignedObjectStore(broker)) {
            assertThatThrownBy(() -> store.putFile(sparse, ObjectUri.parse("obs://bucket-g/out/huge.bin")))
                    .isInstanceOf(StorageException.class).hasMessageContaining("huge.bin").hasMessageContaining("at most 5");
        }
        assertThat(lister.list(ObjectUri.parse("obs://bucket-g/out/huge.bin"))).isEmpty();
        Files.deleteIfExists(sparse);
    }

    private static int send(PresignedRequest put, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(put.url()).toURL().openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        put.signedHeaders().forEach(c::setRequestProperty);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        return c.getResponseCode();
    }
}

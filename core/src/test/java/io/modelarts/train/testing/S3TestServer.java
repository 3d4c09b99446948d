package io.modelarts.train.testing;

import io.modelarts.train.storage.S3Settings;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real S3-compatible server (embedded s3proxy) on 127.0.0.1 with a random port, checking
 * signatures against the given credentials. Starting takes about a second, so share one per test
 * class ({@code @BeforeAll} / {@code @AfterAll}) and give each test its own bucket or prefix.
 *
 * <pre>{@code
 * static S3TestServer s3;
 * @BeforeAll static void start() { s3 = S3TestServer.start("bucket-a"); }
 * @AfterAll static void stop() { s3.close(); }
 * ... new S3ObjectStore(s3.settings()) ...
 * }</pre>
 *
 * <p>s3proxy's own JUnit extension is not used: it deletes its directory after the first test
 * and fails every later one.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-never-printed";
    public static final String REGION = "cn-north-4";

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final String accessKey;
    private final String secretKey;
    private final URI endpoint;

    private S3TestServer(Builder b) throws Exception {
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.blobStore = b.directory == null ? new TransientNio2BlobStore() : new FilesystemNio2BlobStore(b.directory.toString());
        S3Proxy.Builder server = S3Proxy.builder().blobStore(blobStore);
        if (b.tls != null) {
            // HTTPS only, with a certificate for localhost and 127.0.0.1 that the test CA signed
            server.secureEndpoint(URI.create("https://127.0.0.1:0")).keyStore(b.tls.serverKeyStore().toString(), TestPki.PASSWORD);
        } else {
            server.endpoint(URI.create("http://127.0.0.1:0"));
        }
        this.proxy = server
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // the SDK's multipart client sends x-amz-mp-object-size, which s3proxy rejects otherwise
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        this.endpoint = b.tls != null ? URI.create("https://127.0.0.1:" + proxy.getSecurePort())
                : URI.create("http://127.0.0.1:" + proxy.getPort());
        for (String bucket : b.buckets) {
            createBucket(bucket);
        }
    }

    /** An in-memory server with {@link #ACCESS_KEY}/{@link #SECRET_KEY} and the given buckets. */
    public static S3TestServer start(String... buckets) {
        return builder().buckets(buckets).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public void createBucket(String bucket) {
        blobStore.createContainer(bucket);
    }

    /**
     * Stores an object straight into the server's blob store, without HTTP: sets up thousands of objects in
     * well under a second (the server computes its ETag as for an upload).
     */
    public void putDirect(String bucket, String key, byte[] content) {
        blobStore.putBlob(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(bucket).key(key)
                .contentLength((long) content.length).build(), new java.io.ByteArrayInputStream(content));
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    /** Settings that reach this server: path-style, since 127.0.0.1 cannot carry bucket subdomains. */
    public S3Settings settings() {
        return settingsBuilder().build();
    }

    /** {@link #settings()} as a builder, to change part sizes or credentials. */
    public S3Settings.Builder settingsBuilder() {
        return S3Settings.builder()
                .endpoint(endpoint)
                .region(REGION)
                .pathStyle(true)
                .credentials(accessKey, secretKey);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }

    public static final class Builder {
        private String accessKey = ACCESS_KEY;
        private String secretKey = SECRET_KEY;
        private Path directory;
        private TestPki tls;
        private final List<String> buckets = new ArrayList<>();

        private Builder() {
        }

        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /** Keep objects as files under {@code directory} ({@code <dir>/<bucket>/<key>}) instead of in memory. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Serve HTTPS only, with {@code pki}'s server certificate (signed by its private CA). */
        public Builder tls(TestPki pki) {
            this.tls = pki;
            return this;
        }

        public Builder buckets(String... names) {
            buckets.addAll(List.of(names));
            return this;
        }

        public S3TestServer start() {
            try {
                return new S3TestServer(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start s3proxy", e);
            }
        }
    }
}

package io.modelarts.train.cli;

import io.modelarts.train.pool.StorageSettings;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.storage.S3Settings;
import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.testing.TestHttpProxy;
import io.modelarts.train.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI's object-store connection from the catalog and the AWS tools' environment variables. */
class StoreConnectionTest {

    @TempDir
    Path tmp;

    @Test
    void theCaBundleAndTheProxyOfTheEnvironmentReachAPrivateCaStore() throws Exception {
        TestPki pki = TestPki.get();
        try (S3TestServer s3 = S3TestServer.builder().tls(pki).buckets("bkt").start(); TestHttpProxy proxy = new TestHttpProxy()) {
            StorageSettings storage = new StorageSettings(s3.endpoint().toString(), s3.region(), true, null);
            S3Settings settings = StoreConnection.settings(storage, Map.of(
                    "AWS_CA_BUNDLE", pki.caPemFile().toString(), "https_proxy", "http://" + proxy.address()));
            // the test server's keys, as the default chain would find them
            S3Settings keyed = settings.toBuilder().credentials(s3.accessKey(), s3.secretKey()).build();
            try (S3ObjectStore store = new S3ObjectStore(keyed)) {
                assertThat(store.list(ObjectUri.parse("obs://bkt/x/"))).isEmpty();
            }
            assertThat(proxy.requests()).isNotEmpty().allMatch(r -> r.startsWith("CONNECT 127.0.0.1:" + s3.endpoint().getPort()));
        }
    }

    @Test
    void httpEndpointsUseHttpProxyAndNoProxyApplies() {
        StorageSettings storage = new StorageSettings("http://minio.local:9000", null, true, null);
        S3Settings s = StoreConnection.settings(storage, Map.of("HTTP_PROXY", "proxy.corp:3128", "HTTPS_PROXY", "other:1", "NO_PROXY", ".local"));
        assertThat(s.proxy().host()).isEqualTo("proxy.corp");
        assertThat(s.proxy().nonProxyHosts()).containsExactly("*.local");
        assertThat(StoreConnection.settings(storage, Map.of()).proxy()).isNull();
    }

    @Test
    void badValuesNameTheirVariable() throws Exception {
        StorageSettings storage = new StorageSettings("https://obs.example.com", null, false, null);
        assertThatThrownBy(() -> StoreConnection.settings(storage, Map.of("AWS_CA_BUNDLE", tmp.resolve("missing.pem").toString())))
                .isInstanceOf(CliException.class).hasMessageContaining("AWS_CA_BUNDLE").hasMessageContaining("missing.pem");
        Path junk = Files.writeString(tmp.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> StoreConnection.settings(storage, Map.of("AWS_CA_BUNDLE", junk.toString())))
                .isInstanceOf(CliException.class).hasMessageContaining("AWS_CA_BUNDLE").hasMessageContaining("PEM");
        assertThatThrownBy(() -> StoreConnection.settings(storage, Map.of("HTTPS_PROXY", "proxy-without-port")))
                .isInstanceOf(CliException.class).hasMessageContaining("HTTPS_PROXY").hasMessageContaining("host:port");
    }
}

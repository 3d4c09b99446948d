package io.modelarts.train.storage;

import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.testing.TestHttpProxy;
import io.modelarts.train.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The engine's connection to a company's store: a private CA (an HTTPS test server whose certificate a test CA signed)
 * and an HTTP proxy (a tunnelling test proxy that records its use).
 */
class S3TlsAndProxyTest {

    private static final TestPki PKI = TestPki.get();
    private static S3TestServer tls;
    private static S3TestServer plain;

    @BeforeAll
    static void start() {
        tls = S3TestServer.builder().tls(PKI).buckets("secure").start();
        plain = S3TestServer.start("plain");
    }

    @AfterAll
    static void stop() {
        tls.close();
        plain.close();
    }

    @Test
    void aPrivateCaStoreIsRefusedWithoutItsCaAndUsedWithIt() {
        assertThat(tls.endpoint().getScheme()).isEqualTo("https");
        Throwable refused;
        try (S3ObjectStore store = new S3ObjectStore(tls.settings())) {
            refused = catchThrowable(() -> store.list(ObjectUri.parse("obs://secure/x/")));
        }
        assertThat(refused).isNotNull();
        assertThat(trace(refused)).containsIgnoringCase("certificat");

        S3Settings trusted = tls.settingsBuilder().caCertificates(PKI.caPem()).build();
        assertThat(trusted.toString()).contains("private CA");
        try (S3ObjectStore store = new S3ObjectStore(trusted)) {
            store.putBytes(ObjectUri.parse("obs://secure/x/a.txt"), "over TLS".getBytes(StandardCharsets.UTF_8));
            assertThat(store.list(ObjectUri.parse("obs://secure/x/"))).extracting(ObjectInfo::key).containsExactly("x/a.txt");
        }
    }

    @Test
    void aBundleThatIsNoPemIsRefusedWithTheRule() {
        assertThatThrownBy(() -> S3Settings.builder().caCertificates("not a certificate").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA certificates").hasMessageContaining("PEM");
    }

    @Test
    void requestsGoThroughTheProxy() throws Exception {
        try (TestHttpProxy proxy = new TestHttpProxy()) {
            S3Settings settings = plain.settingsBuilder().proxy(S3Proxy.parse(proxy.address(), null)).build();
            try (S3ObjectStore store = new S3ObjectStore(settings)) {
                store.putBytes(ObjectUri.parse("obs://plain/p/a.txt"), "via proxy".getBytes(StandardCharsets.UTF_8));
                assertThat(store.list(ObjectUri.parse("obs://plain/p/"))).extracting(ObjectInfo::key).containsExactly("p/a.txt");
            }
            assertThat(proxy.requests()).isNotEmpty().allMatch(r -> r.startsWith("CONNECT 127.0.0.1:" + plain.port() + " "));
        }
    }

    @Test
    void aPrivateCaStoreBehindTheProxy() throws Exception {
        try (TestHttpProxy proxy = new TestHttpProxy()) {
            S3Settings settings = tls.settingsBuilder().caCertificates(PKI.caPem()).proxy(S3Proxy.parse("http://" + proxy.address() + "/", "")).build();
            try (S3ObjectStore store = new S3ObjectStore(settings)) {
                assertThat(store.list(ObjectUri.parse("obs://secure/none/"))).isEmpty();
            }
            assertThat(proxy.requests()).isNotEmpty().allMatch(r -> r.startsWith("CONNECT 127.0.0.1:" + tls.endpoint().getPort() + " "));
        }
    }

    @Test
    void aSmallListedObjectComesOverTheSameTlsAndProxyOnTheSignedGet() throws Exception {
        byte[] content = "small, over TLS, through the proxy".getBytes(StandardCharsets.UTF_8);
        ObjectUri source = ObjectUri.parse("obs://secure/signed/a.txt");
        tls.putDirect("secure", source.key(), content);
        try (TestHttpProxy proxy = new TestHttpProxy()) {
            S3Settings settings = tls.settingsBuilder().caCertificates(PKI.caPem()).proxy(S3Proxy.parse(proxy.address(), null)).build();
            java.nio.file.Path back = java.nio.file.Files.createTempFile("signed-get", ".txt");
            try (S3ObjectStore store = new S3ObjectStore(settings)) {
                ObjectInfo listed = store.list(source).get(0);
                ObjectInfo fetched = store.getFile(source, back, listed);

                assertThat(fetched.size()).isLessThanOrEqualTo(S3ObjectStore.SIGNED_GET_UP_TO);
                assertThat(fetched.contentMd5()).isEqualTo(listed.etag());
                assertThat(java.nio.file.Files.readAllBytes(back)).isEqualTo(content);
            } finally {
                java.nio.file.Files.deleteIfExists(back);
            }
            assertThat(proxy.requests()).isNotEmpty().allMatch(r -> r.startsWith("CONNECT 127.0.0.1:" + tls.endpoint().getPort() + " "));
        }
        // without the private CA the signed GET is refused like any other request
        try (S3ObjectStore untrusting = new S3ObjectStore(tls.settings())) {
            ObjectInfo listed = new ObjectInfo(source.key(), content.length, null, null);
            java.nio.file.Path back = java.nio.file.Files.createTempFile("signed-get", ".txt");
            try {
                Throwable refused = catchThrowable(() -> untrusting.getFile(source, back, listed));
                assertThat(refused).isInstanceOf(StorageException.class)
                        .hasMessageStartingWith("cannot reach the object store at " + tls.endpoint() + " to download " + source);
                assertThat(trace(refused)).containsIgnoringCase("certificat");
                assertThat(back).doesNotExist();
            } finally {
                java.nio.file.Files.deleteIfExists(back);
            }
        }
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        try (TestHttpProxy proxy = new TestHttpProxy()) {
            S3Settings settings = plain.settingsBuilder().proxy(S3Proxy.parse(proxy.address(), "obs.example.com, 127.0.0.*")).build();
            try (S3ObjectStore store = new S3ObjectStore(settings)) {
                assertThat(store.list(ObjectUri.parse("obs://plain/direct/"))).isEmpty();
            }
            // the request has completed: had it used the proxy, the proxy would have recorded it first
            assertThat(proxy.requests()).isEmpty();
        }
    }

    @Test
    void proxySettingsAreParsedWithClearErrors() {
        S3Proxy p = S3Proxy.parse("proxy.corp:3128", ".corp.example, localhost");
        assertThat(p.host()).isEqualTo("proxy.corp");
        assertThat(p.port()).isEqualTo(3128);
        assertThat(p.nonProxyHosts()).containsExactlyInAnyOrder("*.corp.example", "localhost");
        assertThat(p.nonProxyRegexes()).allSatisfy(r -> assertThat("a.corp.example".matches(r) || "localhost".matches(r)).isTrue());
        assertThat("corpXexample".matches(Set.copyOf(S3Proxy.parse("h:1", "corp.example").nonProxyRegexes()).iterator().next())).isFalse();
        assertThatThrownBy(() -> S3Proxy.parse("proxy.corp", null)).hasMessageContaining("proxy: must be host:port");
        assertThatThrownBy(() -> S3Proxy.parse("https://proxy.corp:443", null)).hasMessageContaining("proxy: must be host:port");
        assertThatThrownBy(() -> S3Proxy.parse("http://user:pw@proxy.corp:80", null)).hasMessageContaining("no user");
    }

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}

package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.testing.TestHttpProxy;
import io.modelarts.train.testing.TestPki;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The controller's connection to a store with a private CA, through a proxy; the pods' CA Secret in the catalog. */
@SuppressWarnings("try")
class StoreTlsProxyTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    private static final TestPki PKI = TestPki.get();
    private static S3TestServer s3;

    @BeforeAll
    static void start() {
        s3 = S3TestServer.builder().tls(PKI).buckets("bucket").start();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        TestJenkins.addKeys("s3-keys", s3.accessKey(), s3.secretKey());
        TestJenkins.permissions((a, p) -> a.getName().equals("admin"));
    }

    private FormValidation test(String ca, String proxy, String noProxy) {
        try (ACLContext c = ACL.as2(TestJenkins.user("admin"))) {
            return new ObjectStoreSettings.DescriptorImpl().doTestConnection(s3.endpoint().toString(), s3.region(), true, "s3-keys",
                    null, ca, proxy, noProxy);
        }
    }

    @Test
    void testConnectionTrustsThePrivateCaOnlyWhenGiven() {
        FormValidation without = test(null, null, null);
        assertThat(without.kind).isEqualTo(FormValidation.Kind.ERROR);
        FormValidation with = test(PKI.caPem(), null, null);
        assertThat(with.kind).as(with.getMessage()).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void testConnectionGoesThroughTheProxyUnlessTheHostIsExcluded() throws Exception {
        try (TestHttpProxy proxy = new TestHttpProxy()) {
            FormValidation through = test(PKI.caPem(), proxy.address(), null);
            assertThat(through.kind).as(through.getMessage()).isEqualTo(FormValidation.Kind.OK);
            assertThat(proxy.requests()).isNotEmpty().allMatch(r -> r.startsWith("CONNECT 127.0.0.1:" + s3.endpoint().getPort()));
            int seen = proxy.requests().size();
            FormValidation direct = test(PKI.caPem(), proxy.address(), "127.0.0.1");
            assertThat(direct.kind).as(direct.getMessage()).isEqualTo(FormValidation.Kind.OK);
            assertThat(proxy.requests()).hasSize(seen);
        }
    }

    @Test
    void badCaOrProxyValuesAreReportedByTheirFields() {
        ObjectStoreSettings.DescriptorImpl d = new ObjectStoreSettings.DescriptorImpl();
        assertThat(d.doCheckCaCertificate("not a certificate").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckCaCertificate("not a certificate").getMessage()).contains("PEM");
        assertThat(d.doCheckCaCertificate(PKI.caPem()).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckProxy("proxy-without-port").getMessage()).contains("host:port");
        assertThat(d.doCheckProxy("proxy.corp:3128").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckCaSecret("Bad_Name").kind).isEqualTo(FormValidation.Kind.ERROR);
        FormValidation v = test("not a certificate", null, null);
        assertThat(v.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(v.getMessage()).contains("CA certificates");
    }

    @Test
    void theCaSecretReachesTheCatalogAndTheControllerCaTheEngine() {
        ObjectStoreSettings os = new ObjectStoreSettings();
        os.setEndpoint(s3.endpoint().toString());
        os.setCaSecret("obs-ca");
        os.setCaCertificate(PKI.caPem());
        os.setProxy("proxy.corp:3128");
        os.setNoProxy(".corp.example");
        Map<String, Object> tree = os.toTree();
        assertThat(tree).containsEntry("caSecret", "obs-ca").doesNotContainKeys("caCertificate", "proxy");
        S3Access access = os.connect(new S3Access(s3.endpoint().toString(), s3.region(), true, null, null));
        assertThat(access.settings().caCertificates()).isEqualTo(PKI.caPem().strip());
        assertThat(access.settings().proxy().host()).isEqualTo("proxy.corp");
        assertThat(access.settings().proxy().nonProxyHosts()).containsExactly("*.corp.example");
    }
}

package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.testing.TestPki;
import io.modelarts.train.testing.kube.TlsApiServer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clusters with a private CA and client certificates: a TLS API server whose certificate a test CA signed, and that
 * can demand a client certificate, answers the real client that *Test connection* builds.
 */
@SuppressWarnings("try")
class ClusterTlsTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    private final TestPki pki = TestPki.get();
    private ClientCache.ClientFactory saved;

    /** Jenkins' <em>Certificate</em> credentials: a PKCS#12 key store and its password. */
    static final class Certificate extends BaseStandardCredentials implements StandardCertificateCredentials {
        private static final long serialVersionUID = 1L;
        private final transient KeyStore keyStore;
        private final Secret password;

        Certificate(String id, KeyStore keyStore, String password) {
            super(CredentialsScope.SYSTEM, id, "client certificate");
            this.keyStore = keyStore;
            this.password = Secret.fromString(password);
        }

        @Override
        public KeyStore getKeyStore() {
            return keyStore;
        }

        @Override
        public Secret getPassword() {
            return password;
        }
    }

    @BeforeEach
    void setUp() {
        // the real client, not the shared mock cluster other tests of this JVM may have installed
        saved = ClientCache.clientFactory;
        ClientCache.clientFactory = KubernetesClients::create;
        TestJenkins.addToken("k8s-token", "t0ken-value");
        SystemCredentialsProvider.getInstance().getCredentials()
                .add(new Certificate("k8s-cert", pki.load(pki.clientKeyStore()), TestPki.PASSWORD));
        TestJenkins.permissions((a, p) -> a.getName().equals("admin"));
    }

    @AfterEach
    void restore() {
        ClientCache.clientFactory = saved;
    }

    private FormValidation testConnection(String url, String credentialsId, String ca) {
        try (ACLContext c = ACL.as2(TestJenkins.user("admin"))) {
            return new KubernetesCluster.DescriptorImpl().doTestConnection("c", url, credentialsId, "ml-train", false, null, ca);
        }
    }

    @Test
    void aTokenClusterTrustsItsPrivateCaAndOnlyWithIt() throws Exception {
        try (TlsApiServer api = new TlsApiServer(pki.serverContext(), false)) {
            FormValidation without = testConnection(api.url(), "k8s-token", null);
            assertThat(without.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(without.getMessage()).containsIgnoringCase("certificat");
            assertThat(api.seen()).isEmpty();

            FormValidation with = testConnection(api.url(), "k8s-token", pki.caPem());
            assertThat(with.kind).as(with.getMessage()).isEqualTo(FormValidation.Kind.OK);
            assertThat(with.getMessage()).contains("Kubernetes 1.30", "ml-train");
            assertThat(api.seen()).extracting(TlsApiServer.Seen::path).contains("/version", "/apis/batch/v1/namespaces/ml-train/jobs?limit=1");
            assertThat(api.seen()).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer t0ken-value"));
        }
    }

    @Test
    void aCertificateClusterAuthenticatesWithItsClientCertificate() throws Exception {
        try (TlsApiServer api = new TlsApiServer(pki.serverContext(), true)) {
            FormValidation tokenOnly = testConnection(api.url(), "k8s-token", pki.caPem());
            assertThat(tokenOnly.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(api.seen()).isEmpty();

            FormValidation cert = testConnection(api.url(), "k8s-cert", pki.caPem());
            assertThat(cert.kind).as(cert.getMessage()).isEqualTo(FormValidation.Kind.OK);
            assertThat(api.seen()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.clientSubject()).isEqualTo("CN=" + TestPki.CLIENT_CN);
                assertThat(s.authorization()).isNull();
            });
        }
    }

    @Test
    void certificateCredentialsBecomeTheClientsCertificateAndKey() throws Exception {
        ClusterAuth auth = KubernetesCluster.auth(new Certificate("c", pki.load(pki.clientKeyStore()), TestPki.PASSWORD));
        KubernetesCluster cluster = new KubernetesCluster("k");
        cluster.setServerUrl("https://k8s.example.com:6443");
        cluster.setServerCertificate(pki.caPem());
        Config config = KubernetesClients.config(cluster, auth);

        String cert = new String(Base64.getDecoder().decode(config.getClientCertData()), StandardCharsets.US_ASCII);
        String key = new String(Base64.getDecoder().decode(config.getClientKeyData()), StandardCharsets.US_ASCII);
        assertThat(cert).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(cert.split("BEGIN CERTIFICATE")).hasSize(3); // the client's and the CA's
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(config.getClientKeyAlgo()).isEqualTo("EC");
        assertThat(new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII)).isEqualTo(pki.caPem().trim());
        assertThat(config.getOauthToken()).isNull();
        assertThat(JobSetup.secretsOf(auth)).containsExactly(key.trim());
        assertThat(auth.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aWrongPasswordOrANonCertificateIsAClearError() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesCluster.auth(new Certificate("bad", pki.load(pki.clientKeyStore()), "wrong")))
                .hasMessageContaining("credentials 'bad'");
        FormValidation v = new KubernetesCluster.DescriptorImpl().doCheckServerCertificate("not a certificate");
        assertThat(v.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(v.getMessage()).contains("PEM certificate of the CA");
        assertThat(new KubernetesCluster.DescriptorImpl().doCheckServerCertificate(pki.caPem()).kind).isEqualTo(FormValidation.Kind.OK);
    }
}

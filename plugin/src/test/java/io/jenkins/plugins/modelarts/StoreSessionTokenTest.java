package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Temporary object-store keys in Jenkins: key pair credentials plus secret text credentials with the session token. */
@SuppressWarnings("try")
class StoreSessionTokenTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-token-7Hq2";
    private static S3TestServer s3;

    @BeforeAll
    static void start() {
        s3 = S3TestServer.start("bucket");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        TestJenkins.addKeys("s3-keys", s3.accessKey(), s3.secretKey());
        TestJenkins.addKeys("s3-wrong", s3.accessKey(), "wrong-secret-key-x");
        TestJenkins.addToken("s3-token", TOKEN);
        TestJenkins.permissions((a, p) -> a.getName().equals("admin"));
    }

    private FormValidation test(String keys, String token) {
        try (ACLContext c = ACL.as2(TestJenkins.user("admin"))) {
            return new ObjectStoreSettings.DescriptorImpl().doTestConnection(s3.endpoint().toString(), s3.region(), true, keys, token, null, null, null);
        }
    }

    @Test
    void testConnectionUsesTheKeysWithTheirToken() {
        FormValidation ok = test("s3-keys", "s3-token");
        assertThat(ok.kind).as(ok.getMessage()).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void aTokenWithoutKeysIsRefusedWithTheRule() {
        FormValidation v = test(null, "s3-token");
        assertThat(v.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(v.getMessage()).contains("session token").contains("access key and secret key");
        FormValidation missing = test("s3-keys", "no-such-token");
        assertThat(missing.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(missing.getMessage()).contains("no-such-token");
    }

    @Test
    void aFailureNeverShowsTheTokenOrTheSecret() {
        FormValidation v = test("s3-wrong", "s3-token");
        assertThat(v.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(v.getMessage()).doesNotContain(TOKEN).doesNotContain("wrong-secret-key-x");
        assertThat(S3Access.mask("a " + TOKEN + " b", null, TOKEN)).isEqualTo("a **** b");
    }

    @Test
    void onlySecretTextIsOfferedForTheToken() {
        try (ACLContext c = ACL.as2(TestJenkins.user("admin"))) {
            ListBoxModel items = new ObjectStoreSettings.DescriptorImpl().doFillSessionTokenCredentialsIdItems(null, "");
            assertThat(items.stream().map(o -> o.value)).contains("s3-token").doesNotContain("s3-keys");
        }
    }

    @Test
    void theAccessCarriesTheTokenIntoTheEngineSettings() {
        S3Access access = new S3Access(s3.endpoint().toString(), s3.region(), true, s3.accessKey(), s3.secretKey(), TOKEN);
        assertThat(access.settings().hasSessionToken()).isTrue();
        assertThat(access.settings().toString()).doesNotContain(TOKEN);
        assertThat(access.toString()).doesNotContain(TOKEN);
    }
}

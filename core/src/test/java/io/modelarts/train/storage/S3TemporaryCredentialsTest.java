package io.modelarts.train.storage;

import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Temporary credentials (key pair + session token). The test server cannot check an STS token, so these tests check
 * what goes on the wire: every request carries the token as {@code X-Amz-Security-Token} (signed with the keys the
 * server checks), presigned URLs carry it as a query parameter, and no message shows it.
 */
class S3TemporaryCredentialsTest {

    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLE-session-token-Qx93";

    private static S3TestServer server;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start("bucket-t");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void everyRequestCarriesTheSessionToken() {
        S3Settings settings = server.settingsBuilder().credentials(server.accessKey(), server.secretKey(), TOKEN).build();
        List<String> tokens = new CopyOnWriteArrayList<>();
        try (S3ObjectStore store = new S3ObjectStore(settings, List.of(recordToken(tokens)))) {
            store.putBytes(ObjectUri.parse("obs://bucket-t/tmp/a.txt"), "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(store.list(ObjectUri.parse("obs://bucket-t/tmp/"))).extracting(ObjectInfo::key).containsExactly("tmp/a.txt");
        }
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(2).containsOnly(TOKEN);
    }

    @Test
    void withoutATokenNoneIsSent() {
        List<String> tokens = new CopyOnWriteArrayList<>();
        try (S3ObjectStore store = new S3ObjectStore(server.settings(), List.of(recordToken(tokens)))) {
            store.list(ObjectUri.parse("obs://bucket-t/none/"));
        }
        assertThat(tokens).containsOnly("(none)");
    }

    @Test
    void presignedUrlsCarryTheToken() {
        S3Settings settings = server.settingsBuilder().credentials(server.accessKey(), server.secretKey(), TOKEN).build();
        try (S3ObjectStore lister = new S3ObjectStore(settings);
             S3PresigningBroker broker = new S3PresigningBroker(settings, lister, List.of(ObjectUri.parse("obs://bucket-t/in/")),
                     List.of(), null)) {
            PresignedRequest get = broker.presignGet(ObjectUri.parse("obs://bucket-t/in/x.bin"));
            assertThat(get.url()).contains("X-Amz-Security-Token=");
        }
    }

    @Test
    void theTokenNeverAppearsInSettingsOrErrors() {
        S3Settings settings = server.settingsBuilder().credentials(server.accessKey(), "wrong-secret-for-token", TOKEN).build();
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("session token ****");
        assertThat(settings.toBuilder().toString()).doesNotContain(TOKEN);

        StorageException e;
        try (S3ObjectStore store = new S3ObjectStore(settings)) {
            e = catchThrowableOfType(StorageException.class, () -> store.list(ObjectUri.parse("obs://bucket-t/x/")));
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).contains("access denied").doesNotContain(TOKEN);
    }

    @Test
    void aTokenWithoutKeysIsRefusedWithTheRule() {
        assertThatThrownBy(() -> S3Settings.builder().credentials(null, null, TOKEN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session token needs the temporary access key and secret key");
    }

    private static ExecutionInterceptor recordToken(List<String> tokens) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                tokens.add(context.httpRequest().firstMatchingHeader("X-Amz-Security-Token").orElse("(none)"));
            }
        };
    }
}

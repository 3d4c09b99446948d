package io.modelarts.train.storage;

import com.sun.net.httpserver.HttpServer;
import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without a key pair the engine uses the SDK's default chain, web identity included (IRSA: a service account token
 * file and a role): the SDK exchanges the token at STS (here a test STS endpoint) for temporary keys and uses them.
 */
class S3WebIdentityTest {

    private static final String WEB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token.sig";
    private static final String ROLE = "arn:aws:iam::123456789012:role/trainer";
    private static final String SESSION_TOKEN = "web-identity-session-token-5Tq";

    @TempDir
    Path tmp;

    @Test
    void aServiceAccountTokenIsExchangedForTemporaryKeys() throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null,
                "the environment has AWS credentials of its own, which the chain would take first");
        Path tokenFile = Files.writeString(tmp.resolve("token"), WEB_TOKEN);
        List<String> stsCalls = new CopyOnWriteArrayList<>();
        List<String> tokensSent = new CopyOnWriteArrayList<>();
        HttpServer sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, String> props = Map.of(
                "aws.webIdentityTokenFile", tokenFile.toString(),
                "aws.roleArn", ROLE,
                "aws.roleSessionName", "modelarts-train-test",
                "aws.region", S3TestServer.REGION,
                "aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
        try (S3TestServer s3 = S3TestServer.start("irsa-bucket")) {
            sts.createContext("/", exchange -> {
                String body = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8);
                stsCalls.add(body);
                byte[] answer = assumeRoleAnswer(s3.accessKey(), s3.secretKey()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            sts.start();
            props.forEach(System::setProperty);
            S3Settings noKeys = s3.settingsBuilder().credentials(null, null).build();
            assertThat(noKeys.hasStaticCredentials()).isFalse();
            try (S3ObjectStore store = new S3ObjectStore(noKeys, List.of(recordToken(tokensSent)))) {
                assertThat(store.list(ObjectUri.parse("obs://irsa-bucket/x/"))).isEmpty();
            }
        } finally {
            props.keySet().forEach(System::clearProperty);
            sts.stop(0);
        }
        assertThat(stsCalls).isNotEmpty().allSatisfy(c -> assertThat(c)
                .contains("Action=AssumeRoleWithWebIdentity", "RoleArn=" + ROLE, "WebIdentityToken=" + WEB_TOKEN));
        assertThat(tokensSent).isNotEmpty().containsOnly(SESSION_TOKEN);
    }

    private static String assumeRoleAnswer(String accessKey, String secretKey) {
        return """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>2099-01-01T00:00:00Z</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/trainer/modelarts-train-test</Arn>
                      <AssumedRoleId>AROAEXAMPLE:modelarts-train-test</AssumedRoleId>
                    </AssumedRoleUser>
                    <SubjectFromWebIdentityToken>system:serviceaccount:ml-train:trainer</SubjectFromWebIdentityToken>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>test-1</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(accessKey, secretKey, SESSION_TOKEN);
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

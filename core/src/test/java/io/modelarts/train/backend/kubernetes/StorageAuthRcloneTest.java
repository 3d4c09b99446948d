package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The download container's rendered environment given to a real rclone, as the kubelet would resolve it (Secret
 * values filled in, the CA Secret's mount path mapped to a file), against an HTTPS test store whose certificate a
 * private CA signed. Skipped without rclone, except under {@code CI=true}.
 */
class StorageAuthRcloneTest {

    private static S3TestServer s3;
    private static final TestPki PKI = TestPki.get();

    @BeforeAll
    static void start() {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(TransferScriptsRcloneTest.rclone()).as("rclone is not installed, and CI must run these tests").isTrue();
        }
        assumeTrue(TransferScriptsRcloneTest.rclone(), "rclone is not installed");
        s3 = S3TestServer.builder().tls(PKI).buckets("secure-bucket").start();
        s3.putDirect("secure-bucket", "data/a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void rcloneReachesThePrivateCaStoreWithTheMountedCaAndTheSessionToken() throws Exception {
        Map<String, String> env = downloadEnvironment(true);
        assertThat(env).containsKeys("RCLONE_CA_CERT", "RCLONE_CONFIG_OBS_SESSION_TOKEN");
        Result listed = rclone(env);
        assertThat(listed.code()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("a.txt");
    }

    @Test
    void withoutTheCaRcloneRefusesTheCertificate() throws Exception {
        Map<String, String> env = downloadEnvironment(false);
        assertThat(env).doesNotContainKey("RCLONE_CA_CERT");
        Result refused = rclone(env);
        assertThat(refused.code()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("certificate");
    }

    /** The download container's env with the Secret references and the CA mount resolved as the kubelet would. */
    private static Map<String, String> downloadEnvironment(boolean withCa) {
        String yaml = KubeFixtures.CATALOG
                .replace("endpoint: https://obs.example-1.myhuaweicloud.com", "endpoint: " + s3.endpoint())
                .replace("region: example-1", "region: " + s3.region())
                .replace("pathStyle: false", "pathStyle: true")
                .replace("  credentialsSecret: obs-credentials\n", "  credentialsSecret: obs-credentials\n" + (withCa ? "  caSecret: obs-ca\n" : ""));
        PoolCatalog catalog = KubeFixtures.catalog(yaml);
        Job job = (Job) new KubernetesRenderer(catalog).render(KubeFixtures.plan(KubeFixtures.SINGLE, catalog)).get(0);
        Container download = job.getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(c -> c.getName().equals(KubernetesNames.DOWNLOAD_CONTAINER)).findFirst().orElseThrow();
        Map<String, String> secret = Map.of(KubernetesRenderer.ACCESS_KEY_KEY, s3.accessKey(),
                KubernetesRenderer.SECRET_KEY_KEY, s3.secretKey(), KubernetesRenderer.SESSION_TOKEN_KEY, "a-session-token");
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : download.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                env.put(e.getName(), secret.get(e.getValueFrom().getSecretKeyRef().getKey()));
            }
        }
        if (env.containsKey("RCLONE_CA_CERT")) {
            assertThat(env.get("RCLONE_CA_CERT")).isEqualTo(KubernetesRenderer.CA_DIR + "/" + KubernetesRenderer.CA_KEY);
            env.put("RCLONE_CA_CERT", PKI.caPemFile().toString());
        }
        return env;
    }

    record Result(int code, String output) {
    }

    private static Result rclone(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("rclone", "lsf", "-R", "--retries", "1", "--low-level-retries", "1", "obs:secure-bucket/data")
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("RCLONE_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        java.nio.file.Path log = java.nio.file.Files.createTempFile("rclone", ".log");
        try {
            // output to a file, so that a hung rclone is reported as a timeout rather than blocking a read
            Process p = pb.redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("rclone timed out after 60 s: " + java.nio.file.Files.readString(log));
            }
            return new Result(p.exitValue(), java.nio.file.Files.readString(log));
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }
}

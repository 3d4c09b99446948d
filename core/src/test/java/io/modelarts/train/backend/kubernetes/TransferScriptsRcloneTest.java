package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.PathMapper;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the generated shell scripts of a pod for real: the {@code download} init container's, the
 * {@code output-sync} sidecar's and the train wrapper, with rclone against the in-JVM S3 server, the
 * container paths mapped into a temporary folder and the environment the pod would get. Skipped when
 * {@code rclone} is not installed ({@code apt-get install -y rclone}), except under {@code CI=true}, where that fails.
 * The scripts run as a non-root user, as in a pod under Pod Security "restricted": when the tests themselves run as
 * root, through {@code setpriv} as user {@link KubernetesRenderer#TRANSFER_USER_ID}, group 100, with {@code HOME=/}.
 */
class TransferScriptsRcloneTest {

    static S3TestServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() {
        // on a developer's machine a missing rclone skips; in CI (CI=true, where .ci/run installs it) it fails the run
        if ("true".equals(System.getenv("CI"))) {
            assertThat(rclone()).as("rclone is not installed, and CI must run these tests").isTrue();
        }
        assumeTrue(rclone(), "rclone is not installed");
        s3 = S3TestServer.start("bucket");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    static boolean rclone() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "rclone"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void downloadTrainAndUploadThroughTheGeneratedScripts() throws Exception {
        PoolCatalog catalog = KubeFixtures.catalog(KubeFixtures.CATALOG
                .replace("endpoint: https://obs.example-1.myhuaweicloud.com", "endpoint: " + s3.endpoint())
                .replace("pathStyle: false", "pathStyle: true"));
        JobPlan plan = KubeFixtures.plan("""
                name: rclone-e2e
                algorithm:
                  image: busybox
                  codeDir: obs://bucket/training-test/demo-code/
                  bootCommand: sh ${MA_JOB_DIR}/demo-code/train.sh
                inputs:
                  - name: data_url
                    dataPath: obs://bucket/mnist/
                outputs:
                  - name: train_url
                    dataPath: obs://bucket/output/
                    predownload: true
                hyperparameters:
                  note: "it's quoted"
                resources:
                  pool: gpu-pool
                  type: GPU
                  flavor: gpu-1x
                persistentLogPath: obs://bucket/logs/
                """, catalog);

        // what is in the object store before the job
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        write(seed.resolve("code/train.sh"), """
                for a in "$@"; do
                  case "$a" in
                    --train_url=*) OUT="${a#--train_url=}" ;;
                    --data_url=*) IN="${a#--data_url=}" ;;
                    --note=*) NOTE="${a#--note=}" ;;
                  esac
                done
                echo "inputs: $(cd "$IN" && find . -type f | sort | tr '\\n' ' ')"
                echo "checkpoint: $(cat "$OUT/ckpt-1.pt")"
                echo "note: $NOTE"
                echo "model from $(cat "$IN/a.csv")" > "$OUT/model.txt"
                echo "epoch done"
                exit 3
                """);
        write(seed.resolve("data/a.csv"), "1,2,3\n");
        write(seed.resolve("data/sub/b.csv"), "4,5,6\n");
        write(seed.resolve("out/ckpt-1.pt"), "weights-v1\n");
        Map<String, String> env = environment(plan, catalog);
        run(env, "rclone copy " + seed.resolve("code") + " obs:bucket/training-test/demo-code && rclone copy " + seed.resolve("data")
                + " obs:bucket/mnist && rclone copy " + seed.resolve("out") + " obs:bucket/output", 60);

        // the pod's filesystem, under tmp
        Path root = tmp.resolve("pod");
        PathMapper mapper = p -> root + p;
        TransferScripts scripts = new TransferScripts(plan, "rclone-e2e-abc123", mapper);
        assertThat(scripts.needsDownload()).isTrue();
        assertThat(scripts.needsSidecar()).isTrue();

        Result download = run(env, scripts.downloadScript(), 120);
        assertThat(download.code()).as(download.output()).isZero();
        assertThat(download.output()).contains("[ModelArts Service Log] code: downloading", "input data_url: download finished",
                "output train_url (predownload): download finished");
        Path code = Path.of(mapper.map(plan.code().containerDir()));
        assertThat(code.resolve("train.sh")).exists();
        assertThat(Path.of(mapper.map(ContainerLayout.inputDir("data_url")), "sub", "b.csv")).hasContent("4,5,6");
        assertThat(Path.of(mapper.map(ContainerLayout.outputDir("train_url")), "ckpt-1.pt")).hasContent("weights-v1");

        // the sidecar runs alongside; the train wrapper waits for its final upload, also after a failure
        Files.createDirectories(Path.of(mapper.map(TransferScripts.CONTROL_DIR)));
        Process sidecar = start(env, scripts.syncScript());
        try {
            Result train = run(env, scripts.trainScript(Map.of()), 120);
            assertThat(train.code()).as(train.output()).isEqualTo(3);
            assertThat(train.output()).contains("inputs: ./a.csv ./sub/b.csv", "checkpoint: weights-v1", "note: it's quoted", "epoch done",
                    "[ModelArts Service Log] Training finished. Exit code 3.",
                    "[ModelArts Service Log] Training output uploading", "[ModelArts Service Log] Training output upload finished");
        } finally {
            sidecar.destroy(); // SIGTERM: the kubelet stopping the sidecar
            assertThat(sidecar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        // what is in the object store after the job
        Path back = tmp.resolve("back");
        Result fetch = run(env, "rclone copy obs:bucket/output " + back.resolve("output") + " && rclone copy obs:bucket/logs " + back.resolve("logs"), 60);
        assertThat(fetch.code()).as(fetch.output()).isZero();
        assertThat(back.resolve("output/model.txt")).hasContent("model from 1,2,3");
        assertThat(back.resolve("output/ckpt-1.pt")).hasContent("weights-v1");
        Path log = back.resolve("logs/modelarts-job-rclone-e2e-abc123-worker-0.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).contains("epoch done");
    }

    /** The environment of the transfer and train containers: rclone settings, keys (from the Secret in a pod), the plan's variables. */
    private Map<String, String> environment(JobPlan plan, PoolCatalog catalog) {
        Map<String, String> env = new java.util.LinkedHashMap<>(TransferScripts.rcloneEnvironment(catalog.storage()));
        env.put("RCLONE_CONFIG_OBS_ACCESS_KEY_ID", s3.accessKey());
        env.put("RCLONE_CONFIG_OBS_SECRET_ACCESS_KEY", s3.secretKey());
        env.put("VC_TASK_INDEX", "0");
        Path root = tmp.resolve("pod");
        plan.environment(p -> root + p).forEach(env::put);
        return env;
    }

    record Result(int code, String output) {
    }

    /** {@code /bin/sh -c script}, as the pod's non-root user when this JVM runs as root. */
    private ProcessBuilder shell(String script) throws IOException {
        if (!runningAsRoot()) {
            return new ProcessBuilder("/bin/sh", "-c", script);
        }
        // the pod's emptyDirs are writable by everyone; the test's folder must be too
        try (var paths = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                p.toFile().setReadable(true, false);
                p.toFile().setWritable(true, false);
                p.toFile().setExecutable(true, false);
            }
        }
        return new ProcessBuilder("setpriv", "--reuid=" + KubernetesRenderer.TRANSFER_USER_ID, "--regid=" + KubernetesRenderer.GROUP_ID,
                "--clear-groups", "/bin/sh", "-c", script);
    }

    private static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void theScriptsRunAsANonRootUser() throws Exception {
        Result who = run(Map.of(), "id -u", 10);
        assertThat(who.output().strip()).isNotEqualTo("0");
    }

    private Process start(Map<String, String> env, String script) throws IOException {
        ProcessBuilder pb = shell(script).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("sidecar-" + System.nanoTime() + ".log").toFile());
        prepare(pb, env);
        return pb.start();
    }

    private Result run(Map<String, String> env, String script, int seconds) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".log");
        ProcessBuilder pb = shell(script).redirectErrorStream(true).redirectOutput(out.toFile());
        prepare(pb, env);
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("script did not end: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static void prepare(ProcessBuilder pb, Map<String, String> env) {
        Map<String, String> e = pb.environment();
        // a CA bundle meant for other tools makes rclone refuse plain http
        List<String> drop = new ArrayList<>();
        for (String k : e.keySet()) {
            if (k.startsWith("AWS_") || k.startsWith("RCLONE_")) {
                drop.add(k);
            }
        }
        drop.forEach(e::remove);
        e.put("HOME", "/"); // a pod's user without a passwd entry
        e.putAll(env);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}

package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.PathMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The train container's wrapper script, run for real by /bin/sh: a SIGTERM to it (what the kubelet sends to PID 1
 * when a pod is stopped or preempted) reaches the training process, which can save a checkpoint, and the wrapper
 * still reports the training's own exit code and passes on its last lines; the persistent log file keeps its limit.
 */
class TrainScriptTest {

    private static final String TRAIN = """
            import signal, sys, time
            def stop(*_):
                print("saving checkpoint", flush=True)
                sys.exit(7)
            signal.signal(signal.SIGTERM, stop)
            print("training", flush=True)
            time.sleep(60)
            print("never", flush=True)
            """;

    @TempDir
    Path tmp;

    /** A job whose boot command runs {@code train.py}, with or without persistent log saving. */
    private static JobPlan job(String name, boolean persistentLog) {
        return KubeFixtures.plan("""
                name: %s
                algorithm:
                  image: python:3.12
                  codeDir: obs://bucket/code/
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                outputs:
                  - name: train_url
                    dataPath: obs://bucket/output/
                resources:
                  pool: gpu-pool
                  type: GPU
                  flavor: gpu-1x
                """.formatted(name) + (persistentLog ? "persistentLogPath: obs://bucket/logs/\n" : ""));
    }

    /** The pod's filesystem under {@code tmp}, with {@code train} as the code's train.py. */
    private PathMapper pod(JobPlan plan, String train) throws Exception {
        Path root = tmp.resolve("pod");
        PathMapper mapper = p -> root + p;
        Path code = Files.createDirectories(Path.of(mapper.map(plan.code().containerDir())));
        Files.writeString(code.resolve("train.py"), train);
        // the output sidecar is not part of these tests: its final upload counts as done
        Path control = Files.createDirectories(Path.of(mapper.map(TransferScripts.CONTROL_DIR)));
        Files.writeString(control.resolve("upload.done"), "");
        return mapper;
    }

    private static Path logFile(PathMapper mapper, String kubernetesName) {
        return Path.of(mapper.map(ContainerLayout.MA_LOG_DIR), "modelarts-job-" + kubernetesName + "-worker-0.log");
    }

    @ParameterizedTest(name = "persistent log: {0}")
    @ValueSource(booleans = {false, true})
    void aStopReachesTheTrainingWhichSavesItsCheckpoint(boolean persistentLog) throws Exception {
        JobPlan plan = job("signal-test", persistentLog);
        PathMapper mapper = pod(plan, TRAIN);
        TransferScripts scripts = new TransferScripts(plan, "signal-test-abc123", mapper);

        Path out = tmp.resolve("out.log");
        // in its own session, as a container's first process leads its own process group
        ProcessBuilder pb = new ProcessBuilder("setsid", "/bin/sh", "-c", scripts.trainScript(Map.of())).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(plan.environment(mapper));
        Process wrapper = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("training") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(out)).as("the training started").contains("training");

            wrapper.destroy(); // SIGTERM to the wrapper only, as the kubelet sends it to PID 1 (setsid execs the shell: same process)

            assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).as("the wrapper ended: %s", Files.readString(out)).isTrue();
        } finally {
            wrapper.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(wrapper.exitValue()).as(output).isEqualTo(7);
        assertThat(output).contains("saving checkpoint", "[ModelArts Service Log] Training finished. Exit code 7.").doesNotContain("never");
        if (persistentLog) {
            Path log = logFile(mapper, "signal-test-abc123");
            assertThat(log).exists();
            assertThat(Files.readString(log)).contains("training", "saving checkpoint");
        }
    }

    @Test
    void thePersistentLogKeepsItsLimitWhileTheConsoleGetsEverything() throws Exception {
        JobPlan plan = job("log-limit", true);
        PathMapper mapper = pod(plan, "for i in range(10):\n    print('line %d .............' % i)\n");
        TransferScripts scripts = new TransferScripts(plan, "log-limit-abc123", mapper);

        Path out = tmp.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", scripts.trainScript(Map.of(), 64)).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(plan.environment(mapper));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String console = Files.readString(out);
        assertThat(p.exitValue()).as(console).isZero();
        assertThat(console).contains("line 0 ", "line 9 ", "Training finished. Exit code 0.");
        Path log = logFile(mapper, "log-limit-abc123");
        assertThat(Files.size(log)).isEqualTo(64);
        assertThat(Files.readString(log)).startsWith("line 0 ").doesNotContain("line 9");
    }
}

package io.modelarts.train.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, called in-process through picocli with captured stdout and stderr; exit codes asserted. */
class MainTest {

    static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("examples/logistic-regression");

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), NoCluster.INSTANCE).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code run} with everything the local backend writes kept under the test's folder. */
    Result run(Path job, String... more) {
        List<String> args = new ArrayList<>(List.of("run", job.toString(), "--store", tmp.resolve("store").toString(),
                "--work-dir", tmp.resolve("jobs").toString(), "--artifacts", tmp.resolve("artifacts").toString(),
                "--sync-interval", "200ms"));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    Path jobFile(String text) throws IOException {
        Path f = tmp.resolve("job.yaml");
        Files.writeString(f, text);
        return f;
    }

    /** The example's code and data, with the given extra lines. */
    Path exampleJob(String name, String extra) throws IOException {
        return jobFile("""
                name: %s
                algorithm:
                  image: python:3.11-slim
                  codeDir: %s
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                inputs:
                  - dataPath: %s
                outputs:
                  - dataPath: obs://cli-tests/%s/output/
                %s
                """.formatted(name, EXAMPLE.resolve("code"), EXAMPLE.resolve("data"), name, extra));
    }

    @BeforeEach
    void exampleIsThere() {
        assertThat(EXAMPLE.resolve("job.yaml")).exists();
    }

    @Test
    void validateSaysValidForTheExample() {
        Result r = cli("validate", EXAMPLE.resolve("job.yaml").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("valid");
    }

    @Test
    void validateListsEveryProblemAndExitsTwo() throws IOException {
        Path job = jobFile("""
                name: "not a valid name!"
                algorithm:
                  image: local
                  bootCommand: python train.py
                autoRestart: 4
                autoStop: 73h
                """);
        Result r = cli("validate", job.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out().lines().toList()).anyMatch(l -> l.startsWith("name: "))
                .anyMatch(l -> l.startsWith("autoRestart: "))
                .anyMatch(l -> l.startsWith("autoStop: "));
        assertThat(r.out()).doesNotContain("valid\n");
    }

    @Test
    void validateExitsOneForAMissingOrBrokenFile() throws IOException {
        Result missing = cli("validate", tmp.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).contains("nope.yaml does not exist").doesNotContain("Exception", "\tat ");

        Path broken = jobFile("name: x\nalgorithm: [unclosed\n");
        Result syntax = cli("validate", broken.toString());
        assertThat(syntax.code()).as(syntax.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(syntax.err()).contains("job.yaml", "line").doesNotContain("\tat ");

        Result pools = cli("validate", EXAMPLE.resolve("job.yaml").toString(), "--pools", tmp.resolve("pools.yaml").toString());
        assertThat(pools.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(pools.err()).contains("pool catalog", "does not exist");
    }

    @Test
    void runTrainsTheExampleAndCollectsItsOutputs() throws IOException {
        Result r = run(EXAMPLE.resolve("job.yaml"));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("[ModelArts Service Log] status: Running", "epoch  30/30",
                "[ModelArts Service Log] status: Completed", "Job Completed after 1 attempt", "outputs/train_url/  3 files");
        Path artifacts = tmp.resolve("artifacts");
        assertThat(Files.readString(artifacts.resolve("outputs/train_url/metrics.json"))).contains("\"validation_accuracy\"");
        assertThat(Files.readString(artifacts.resolve("outputs/train_url/model.json"))).contains("\"weights\"");
        assertThat(Files.readString(artifacts.resolve("logs/worker-0.log"))).contains("epoch  30/30");
        assertThat(artifacts.resolve("job-spec.effective.yaml")).exists();
        assertThat(tmp.resolve("store/modelarts-examples/logistic-regression/output/model.json")).exists();
        assertThat(r.out() + r.err()).doesNotContain("\tat ");
    }

    @Test
    void aFailingJobExitsThreeAndItsOutputsAreStillCollected() throws IOException {
        Result r = run(exampleJob("fails", """
                hyperparameters:
                  epochs: "8"
                  fail_at_epoch: "3"
                """));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(r.out()).contains("simulated crash at epoch 3", "status: Failed (worker-0 exit code 1)",
                "Job Failed on worker-0, exit code 1");
        assertThat(tmp.resolve("artifacts/outputs/train_url/checkpoint.json")).exists();
    }

    @Test
    void autoRestartResumesFromThePredownloadedCheckpoint() throws IOException {
        Path job = jobFile("""
                name: restarts
                algorithm:
                  image: python:3.11-slim
                  codeDir: %s
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                inputs:
                  - dataPath: %s
                outputs:
                  - dataPath: obs://cli-tests/restarts/output/
                    predownload: true
                hyperparameters:
                  epochs: "8"
                  fail_at_epoch: "4"
                  checkpoint_every: "1"
                autoRestart: 1
                """.formatted(EXAMPLE.resolve("code"), EXAMPLE.resolve("data")));

        Result r = run(job);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Attempt 2 of 2", "resuming from checkpoint at epoch 4", "epoch   8/8",
                "Job Completed after 2 attempts");
        assertThat(Files.readString(tmp.resolve("artifacts/outputs/train_url/metrics.json"))).contains("\"resumed\": true");
    }

    @Test
    void runRefusesAnInvalidJobWithTwoAndAMissingOneWithOne() throws IOException {
        Path job = jobFile("""
                name: bad
                algorithm:
                  image: local
                  bootCommand: "python a.py\\npython b.py"
                """);
        Result invalid = run(job);
        assertThat(invalid.code()).as(invalid.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(invalid.err()).contains("algorithm.bootCommand: ");
        assertThat(tmp.resolve("jobs")).doesNotExist();

        Result missing = run(tmp.resolve("missing.yaml"));
        assertThat(missing.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).contains("missing.yaml does not exist");
    }

    @Test
    void clusterCommandsSayTheKubernetesBackendIsNotAvailable() {
        String job = EXAMPLE.resolve("job.yaml").toString();
        for (String[] args : List.of(new String[] {"render", job}, new String[] {"status", "demo"}, new String[] {"logs", "demo"},
                new String[] {"stop", "demo"}, new String[] {"run", job, "--backend", "kubernetes"})) {
            Result r = cli(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isEqualTo(ExitCodes.ERROR);
            assertThat(r.err()).contains(NoCluster.MESSAGE);
        }
    }

    @Test
    void renderPrintsTheKubernetesObjectsWithoutACluster() throws IOException {
        Path pools = tmp.resolve("pools.yaml");
        Files.writeString(pools, """
                pools:
                  - name: gpu-pool
                    type: dedicated
                    namespace: ml-train
                    flavors:
                      - {id: gpu-2x, type: GPU, cpu: "16", memory: 128Gi, gpus: 2, disk: 800Gi, maxNodes: 4}
                storage:
                  endpoint: https://obs.example.com
                  region: example-1
                  credentialsSecret: obs-keys
                """);
        Path job = jobFile("""
                name: render_me
                algorithm:
                  image: registry.example.com/team/pytorch:2.3
                  codeDir: obs://bucket/code/demo/
                  bootCommand: python ${MA_JOB_DIR}/demo/train.py
                inputs:
                  - dataPath: obs://bucket/data/
                outputs:
                  - dataPath: obs://bucket/out/
                resources: {pool: gpu-pool, type: GPU, flavor: gpu-2x, nodes: 2}
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), new KubernetesClusterAccess())
                .execute("render", job.toString(), "--pools", pools.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("kind: \"Job\"", "kind: \"Service\"", "namespace: \"ml-train\"",
                "nvidia.com/gpu", "secretKeyRef", "modelarts-train/name: \"render_me\"");
    }

    @Test
    void badOptionsAreErrorsWithoutStackTraces() {
        Result unknown = cli("run", "job.yaml", "--no-such-option");
        assertThat(unknown.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-option'");

        Result duration = cli("run", "job.yaml", "--sync-interval", "soon");
        assertThat(duration.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(duration.err()).contains("'soon' is not a duration");

        Result backend = cli("run", EXAMPLE.resolve("job.yaml").toString(), "--backend", "moon");
        assertThat(backend.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(backend.err()).contains("--backend must be local or kubernetes");

        assertThat(cli("--help").code()).isZero();
        assertThat(cli("run", "--help").out()).contains("--sync-interval", "--archive", "--store");
    }

    @Test
    void interruptStopsTheJobStillCollectsAndExitsThree() throws Exception {
        Path job = exampleJob("interrupted", """
                hyperparameters:
                  epochs: "500"
                  sleep_per_epoch: "0.1"
                  checkpoint_every: "1"
                """);
        // through python3, which gives the JVM Ctrl-C's default disposition back: a test run started in the background of a
        // non-interactive shell inherits SIGINT ignored, and the JVM would then never see the signal
        List<String> command = List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", job.toString(), "--store", tmp.resolve("store").toString(), "--work-dir", tmp.resolve("jobs").toString(),
                "--artifacts", tmp.resolve("artifacts").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CountDownLatch training = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("epoch   3/")) {
                        training.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            assertThat(training.await(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
            // what Ctrl-C sends to the foreground process
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
            reader.join(10_000);

            assertThat(p.exitValue()).as(output.toString()).isEqualTo(ExitCodes.JOB_FAILED);
            assertThat(output.toString()).contains("interrupted; stopping the job",
                    "status: Terminated (stopped by user (interrupt))", "Outputs collected");
            assertThat(tmp.resolve("artifacts/outputs/train_url/checkpoint.json")).exists();
        } finally {
            p.destroyForcibly();
        }
    }
}

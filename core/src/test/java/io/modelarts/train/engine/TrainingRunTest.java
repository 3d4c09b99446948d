package io.modelarts.train.engine;

import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole flow (load, check, plan, run locally, collect) with real processes and the directory store. */
class TrainingRunTest {

    static final String SCRIPT = """
            import argparse, json, os, sys, time
            p = argparse.ArgumentParser()
            p.add_argument("--data_url")
            p.add_argument("--train_url")
            p.add_argument("--mode", default="ok")
            args, _ = p.parse_known_args()
            rows = open(os.path.join(args.data_url, "data.csv")).read().splitlines()
            print("read %d rows" % len(rows))
            print("token is " + os.environ.get("API_TOKEN", ""))
            with open(os.path.join(args.train_url, "model.json"), "w") as f:
                json.dump({"rows": len(rows)}, f)
            with open(os.path.join(args.train_url, "notes.txt"), "w") as f:
                f.write("notes")
            if args.mode == "fail":
                print("failing on purpose", file=sys.stderr)
                sys.exit(1)
            if args.mode == "hang":
                print("hanging", flush=True)
                time.sleep(300)
            """;

    @TempDir
    Path tmp;
    LocalProject project;

    @BeforeEach
    void setUp() throws IOException {
        project = new LocalProject(tmp, SCRIPT, o -> o.withStopGracePeriod(Duration.ofSeconds(2))).withData("1,2\n3,4\n5,6\n");
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    Path jobFile(String name, String mode, String extra) throws IOException {
        return project.jobFile(name, """
                name: %s
                algorithm:
                  image: local
                  codeDir: code
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                inputs:
                  - dataPath: data
                outputs:
                  - dataPath: obs://bucket/%s/output/
                hyperparameters:
                  mode: %s
                %s
                """.formatted(name, name, mode, extra));
    }

    TrainingRun start(Path jobFile, RecordingSink sink, RunSettings settings) {
        return TrainingRun.start(project.plan(jobFile), project.backend, project.store, settings, sink);
    }

    @Test
    void aCompletedRunLeavesOutputsTheFullLogAndTheEffectiveSpec() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path artifacts = tmp.resolve("artifacts/ok");

        RunOutcome outcome = start(jobFile("ok", "ok", ""), sink, RunSettings.into(artifacts)).await();

        assertThat(outcome.succeeded()).as(sink.transcript()).isTrue();
        assertThat(outcome.result().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(artifacts.resolve("outputs/train_url/model.json")).hasContent("{\"rows\": 3}");
        assertThat(artifacts.resolve("outputs/train_url/notes.txt")).hasContent("notes");
        assertThat(outcome.outputs()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("train_url");
            assertThat(o.files()).isEqualTo(2);
        });
        Path log = artifacts.resolve("logs/worker-0.log");
        assertThat(outcome.logFiles()).containsExactly(log);
        assertThat(Files.readString(log)).contains("read 3 rows", "[ModelArts Service Log] status: Running",
                "[ModelArts Service Log] status: Completed", "Outputs collected 2 files");
        String effective = Files.readString(artifacts.resolve("job-spec.effective.yaml"));
        assertThat(effective).contains("name: ok", "userId: 1000", "localCodeDir: /home/ma-user/modelarts/user-job-dir",
                "workDir: /home/ma-user/modelarts/user-job-dir/code", "name: data_url", "name: train_url",
                "obtainedFrom: hyperparameters", "predownload: false", "autoRestart: 0", "priority: 1");
    }

    @Test
    void aFailedRunStillCollectsItsOutputs() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path artifacts = tmp.resolve("artifacts/fail");

        RunOutcome outcome = start(jobFile("fail", "fail", ""), sink, RunSettings.into(artifacts)).await();

        assertThat(outcome.result().status()).isEqualTo(JobStatus.FAILED);
        assertThat(outcome.result().exitCode()).isEqualTo(1);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(artifacts.resolve("outputs/train_url/model.json")).exists();
        assertThat(Files.readString(artifacts.resolve("logs/worker-0.log"))).contains("failing on purpose",
                "[ModelArts Service Log] status: Failed (worker-0 exit code 1)");
    }

    @Test
    void aStoppedRunIsTerminatedAndItsOutputsAreCollected() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path artifacts = tmp.resolve("artifacts/stop");
        TrainingRun run = start(jobFile("stop", "hang", ""), sink, RunSettings.into(artifacts));

        sink.awaitLine("hanging"::equals);
        run.stop("interrupted");
        RunOutcome outcome = run.await();

        assertThat(outcome.result().status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(outcome.result().reason()).isEqualTo("interrupted");
        assertThat(artifacts.resolve("outputs/train_url/model.json")).exists();
        assertThat(sink.statuses()).endsWith(JobStatus.TERMINATING, JobStatus.TERMINATED);
    }

    @Test
    void secretsAreMaskedInTheConsoleTheLogAndTheEffectiveSpec() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path artifacts = tmp.resolve("artifacts/secret");
        String secret = "s3cr3t-Value-42";
        Path job = jobFile("secret", "ok", """
                environment:
                  API_TOKEN: %s
                  PLAIN: also-%s-inside
                """.formatted(secret, secret));

        RunOutcome outcome = start(job, sink, RunSettings.into(artifacts).withSecrets(List.of(secret))).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(sink.lines()).contains("token is ****").noneMatch(l -> l.contains(secret));
        assertThat(Files.readString(artifacts.resolve("logs/worker-0.log"))).contains("token is ****").doesNotContain(secret);
        assertThat(Files.readString(artifacts.resolve("job-spec.effective.yaml")))
                .contains("API_TOKEN: '****'", "PLAIN: also-****-inside").doesNotContain(secret);
    }

    @Test
    void aLogPastItsLimitIsCutWhileTheJobGoesOn() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path artifacts = tmp.resolve("artifacts/limit");

        RunOutcome outcome = start(jobFile("limit", "ok", ""), sink, RunSettings.into(artifacts).withMaxLogBytes(12)).await();

        assertThat(outcome.succeeded()).as(sink.transcript()).isTrue();
        assertThat(artifacts.resolve("outputs/train_url/model.json")).exists();
        String log = Files.readString(artifacts.resolve("logs/worker-0.log"));
        assertThat(log).contains("read 3 rows\n", "worker-0: the log reached its limit of 12 bytes").doesNotContain("token is");
        assertThat(sink.lines()).containsExactly("read 3 rows");
    }

    @Test
    void theOutcomeCompletesWithoutAWaitingThreadAndTheArchiveGlobFilters() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path artifacts = tmp.resolve("artifacts/async");
        TrainingRun run = start(jobFile("async", "ok", ""), sink, RunSettings.into(artifacts).withArchiveGlob("**/*.json"));

        CompletableFuture<JobStatus> status = run.outcome().thenApply(o -> o.result().status());

        assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(JobStatus.COMPLETED);
        assertThat(artifacts.resolve("outputs/train_url/model.json")).exists();
        assertThat(artifacts.resolve("outputs/train_url/notes.txt")).doesNotExist();
    }

    @Test
    void anArtifactsFolderOfSomethingElseIsRefusedAndAnOldRunIsReplaced() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(foreign.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> start(jobFile("foreign", "ok", ""), new RecordingSink(), RunSettings.into(foreign)))
                .isInstanceOf(EngineException.class).hasMessageContaining("is not empty");
        assertThat(foreign.resolve("thesis.tex")).hasContent("precious");

        Path artifacts = tmp.resolve("artifacts/again");
        start(jobFile("again", "ok", ""), new RecordingSink(), RunSettings.into(artifacts)).await();
        Files.writeString(artifacts.resolve("outputs/train_url/stale.txt"), "old");
        start(jobFile("again", "ok", ""), new RecordingSink(), RunSettings.into(artifacts)).await();
        assertThat(artifacts.resolve("outputs/train_url/stale.txt")).doesNotExist();
        assertThat(artifacts.resolve("outputs/train_url/model.json")).exists();
    }

    @Test
    void preparationTellsReadyInvalidAndUnreadableApart() throws Exception {
        assertThat(JobPreparation.fromFiles(jobFile("fine", "ok", ""), null, false).isReady()).isTrue();

        Path invalid = tmp.resolve("invalid.yaml");
        Files.writeString(invalid, """
                name: "bad name!"
                algorithm:
                  image: local
                  bootCommand: echo hi
                autoRestart: 4
                """);
        JobPreparation bad = JobPreparation.fromFiles(invalid, null, false);
        assertThat(bad.outcome()).isEqualTo(JobPreparation.Outcome.INVALID);
        assertThat(bad.plan()).isNull();
        assertThat(bad.problems().errors()).extracting(p -> p.field()).contains("name", "autoRestart");

        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "name: [unclosed\n");
        assertThat(JobPreparation.fromFiles(broken, null, false).outcome()).isEqualTo(JobPreparation.Outcome.UNREADABLE);
        assertThat(JobPreparation.fromFiles(tmp.resolve("missing.yaml"), null, false).outcome())
                .isEqualTo(JobPreparation.Outcome.UNREADABLE);

        Path pools = tmp.resolve("pools.yaml");
        Files.writeString(pools, "pools:\n  - name: p\n    type: nonsense\n");
        JobPreparation badPools = JobPreparation.fromFiles(jobFile("fine2", "ok", ""), pools, false);
        assertThat(badPools.outcome()).isEqualTo(JobPreparation.Outcome.UNREADABLE);
        assertThat(badPools.problems().errors()).anyMatch(p -> p.field().startsWith("pools.yaml: pools[0].type"));
    }
}

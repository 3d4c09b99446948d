package io.modelarts.train.engine;

import io.modelarts.train.backend.local.LocalBackend;
import io.modelarts.train.backend.local.LocalBackendOptions;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.RecordingSink;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local backend against a real S3-compatible server (s3proxy in this JVM): code, input and outputs
 * live in the bucket; an auto-restarted job resumes from its predownloaded checkpoint; the log is saved
 * to the persistent log path; outputs are collected from S3.
 */
class S3TrainingRunTest {

    static S3TestServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        s3 = S3TestServer.start("train-bucket");
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    @Test
    void aJobStagedFromS3RestartsFromItsCheckpointAndSavesItsLog() throws Exception {
        try (S3ObjectStore store = new S3ObjectStore(s3.settings());
             LocalBackend backend = new LocalBackend(store, LocalBackendOptions.defaults(tmp.resolve("jobs"))
                     .withSyncInterval(Duration.ofMillis(200)))) {
            Path code = Files.createDirectories(tmp.resolve("demo-code"));
            Files.writeString(code.resolve("train.py"), """
                    import argparse, os, sys
                    p = argparse.ArgumentParser()
                    p.add_argument("--data_url")
                    p.add_argument("--train_url")
                    args, _ = p.parse_known_args()
                    total = sum(int(x) for x in open(os.path.join(args.data_url, "numbers.txt")).read().split())
                    ckpt = os.path.join(args.train_url, "ckpt.txt")
                    if not os.path.exists(ckpt):
                        open(ckpt, "w").write(str(total))
                        print("first attempt: checkpoint written, crashing")
                        sys.exit(2)
                    print("resumed with checkpoint " + open(ckpt).read())
                    open(os.path.join(args.train_url, "result.txt"), "w").write("sum=%d" % total)
                    """);
            store.uploadCodeDirectory(code, ObjectUri.parse("obs://train-bucket/code/demo-code/"), CodeDirLimits.DEFAULT);
            store.putBytes(ObjectUri.parse("obs://train-bucket/data/numbers.txt"), "1 2 3 4".getBytes(StandardCharsets.UTF_8));

            JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                    name: s3-job
                    algorithm:
                      image: local
                      codeDir: obs://train-bucket/code/demo-code/
                      bootCommand: python3 ${MA_JOB_DIR}/demo-code/train.py
                    inputs:
                      - dataPath: obs://train-bucket/data/
                    outputs:
                      - dataPath: s3://train-bucket/out/
                        predownload: true
                    autoRestart: 1
                    persistentLogPath: obs://train-bucket/logs/
                    """, "job.yaml", tmp);
            JobPreparation prep = JobPreparation.prepare(loaded, null, ValidationContext.local());
            assertThat(prep.outcome()).as(prep.problems().describe()).isEqualTo(JobPreparation.Outcome.READY);
            RecordingSink sink = new RecordingSink();
            Path artifacts = tmp.resolve("artifacts");

            RunOutcome outcome = TrainingRun.start(prep.plan(), backend, store, RunSettings.into(artifacts), sink).await();

            assertThat(outcome.result().status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
            assertThat(outcome.result().attempts()).isEqualTo(2);
            assertThat(sink.lines()).containsSubsequence("first attempt: checkpoint written, crashing", "resumed with checkpoint 10");
            assertThat(artifacts.resolve("outputs/train_url/result.txt")).hasContent("sum=10");
            assertThat(artifacts.resolve("outputs/train_url/ckpt.txt")).hasContent("10");

            List<String> logs = store.list(ObjectUri.parse("obs://train-bucket/logs/")).stream().map(i -> i.key()).toList();
            assertThat(logs).singleElement().satisfies(k -> assertThat(k).startsWith("logs/modelarts-job-s3-job-").endsWith("-worker-0.log"));
            try (InputStream in = store.open(ObjectUri.parse("obs://train-bucket/" + logs.get(0)))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("Attempt 2 of 2", "resumed with checkpoint 10")
                        .doesNotContain(s3.secretKey());
            }
            assertThat(sink.transcript()).doesNotContain(s3.secretKey());
        }
    }
}

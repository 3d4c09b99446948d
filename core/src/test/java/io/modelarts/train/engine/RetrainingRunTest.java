package io.modelarts.train.engine;

import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.baseline.ArtifactsBaseline;
import io.modelarts.train.baseline.Baseline;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.logs.RecordingSink;
import io.modelarts.train.metrics.RunMetrics;
import io.modelarts.train.plan.JobPlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retraining flow with real processes: metrics from the log, {@code metrics.json}, {@code fingerprint.json} and
 * {@code report.html} on every run; a worse run is Regressed with its outputs collected; an unchanged run is skipped
 * without submitting anything; one changed line of code runs again.
 */
class RetrainingRunTest {

    static final String SCRIPT = """
            import argparse, json, os
            p = argparse.ArgumentParser()
            p.add_argument("--data_url")
            p.add_argument("--train_url")
            p.add_argument("--quality", type=float, default=0.9)
            args, _ = p.parse_known_args()
            for step in range(5):
                acc = args.quality * (step + 1) / 5
                print("step %d validation accuracy %.4f" % (step, acc))
                print(json.dumps({"metric": "loss", "value": round(1.0 - acc, 4), "step": step * 10}))
            print("validation accuracy n/a")
            with open(os.path.join(args.train_url, "model.json"), "w") as f:
                json.dump({"quality": args.quality}, f)
            """;

    @TempDir
    Path tmp;
    LocalProject project;
    AtomicInteger submitted = new AtomicInteger();
    Backend backend;

    @BeforeEach
    void setUp() throws IOException {
        project = new LocalProject(tmp, SCRIPT, o -> o).withData("1,2\n3,4\n");
        backend = counting(project.backend);
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    /** The local backend, counting submissions. */
    private Backend counting(Backend delegate) {
        return new Backend() {
            @Override
            public String name() {
                return delegate.name();
            }

            @Override
            public RunningJob submit(JobPlan plan, JobEventSink sink) {
                submitted.incrementAndGet();
                return delegate.submit(plan, sink);
            }

            @Override
            public RunningJob attach(JobHandle handle, JobPlan plan, JobEventSink sink) {
                return delegate.attach(handle, plan, sink);
            }

            @Override
            public void close() {
            }
        };
    }

    Path jobFile(double quality) throws IOException {
        return project.jobFile("job", """
                name: nightly
                algorithm:
                  image: local
                  codeDir: code
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                inputs:
                  - dataPath: data
                outputs:
                  - dataPath: obs://bucket/nightly/output/
                hyperparameters:
                  quality: "%s"
                metrics:
                  - name: accuracy
                    regex: 'validation accuracy ([0-9.]+|n/a)'
                gate:
                  - accuracy >= 0.5
                  - accuracy >= baseline.accuracy - 0.01
                  - loss <= baseline.loss * 1.1
                skipIfUnchanged: true
                """.formatted(quality));
    }

    RunOutcome run(Path job, String artifacts, Baseline baseline, RecordingSink sink) throws Exception {
        return TrainingRun.start(project.plan(job), backend, project.store, RunSettings.into(tmp.resolve(artifacts)).withBaseline(baseline), sink).await();
    }

    @Test
    void metricsGateReportAndSkipAcrossFourRuns() throws Exception {
        // 1: no baseline yet; every point is kept, the conditions on the baseline pass with a note
        RecordingSink first = new RecordingSink();
        RunOutcome one = run(jobFile(0.9), "run1", null, first);
        assertThat(one.succeeded()).as(first.transcript()).isTrue();
        assertThat(one.statusName()).isEqualTo("Completed");
        RunMetrics m = RunMetrics.fromJson(Files.readString(tmp.resolve("run1/metrics.json")));
        assertThat(m.get("accuracy").size()).isEqualTo(5);
        assertThat(m.value("accuracy")).isEqualTo(0.9);
        assertThat(m.get("loss").step(4)).isEqualTo(40.0);
        assertThat(m.value("loss")).isEqualTo(0.1);
        assertThat(one.gate().status()).isEqualTo(GateVerdict.Status.PASSED);
        assertThat(one.gate().conditions().get(1).note()).contains("no baseline yet");
        // the "n/a" line is not a number: one warning, the line itself still in the log
        assertThat(first.transcript()).containsOnlyOnce("metrics: accuracy: value 'n/a' is not a number");
        assertThat(Files.readString(tmp.resolve("run1/logs/worker-0.log"))).contains("validation accuracy n/a");
        String report = Files.readString(tmp.resolve("run1/report.html"));
        assertThat(report).contains("id=\"status\">Completed<", "<figure class=\"metric\" id=\"metric-accuracy\"",
                "<figure class=\"metric\" id=\"metric-loss\"", "href=\"logs/worker-0.log\"", "href=\"outputs/train_url/\"",
                "Fingerprint of job, code and inputs", "no baseline yet: passes");
        // the workers table: worker-0 with the exit code the platform reported
        assertThat(report).containsPattern("<tr><td>worker-0</td>.*<span class=\"good\">0</span></td></tr>");
        assertThat(one.report()).isEqualTo(tmp.resolve("run1/report.html"));
        assertThat(Fingerprint.fromJson(Files.readString(tmp.resolve("run1/fingerprint.json"))).inputs()).containsKey("data_url");

        // 2: worse than the baseline by more than the gate allows: Regressed, outputs still collected
        RecordingSink second = new RecordingSink();
        RunOutcome two = run(jobFile(0.7), "run2", new ArtifactsBaseline(tmp.resolve("run1")).find().orElseThrow(), second);
        assertThat(two.regressed()).as(second.transcript()).isTrue();
        assertThat(two.statusName()).isEqualTo("Regressed");
        assertThat(two.result().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(tmp.resolve("run2/outputs/train_url/model.json")).hasContent("{\"quality\": 0.7}");
        assertThat(two.gate().failures()).extracting(GateVerdict.Result::condition)
                .containsExactly("accuracy >= baseline.accuracy - 0.01", "loss <= baseline.loss * 1.1");
        assertThat(second.transcript()).contains("FAILED accuracy >= baseline.accuracy - 0.01: accuracy = 0.7, needed >= 0.89",
                "Regressed: 2 of 3 gate conditions failed");
        assertThat(Files.readString(tmp.resolve("run2/report.html"))).contains("Regressed", "baseline");
        assertThat(submitted).hasValue(2);

        // 3: the same job, code and inputs as run 2: skipped, nothing submitted, the baseline's metrics kept
        RecordingSink third = new RecordingSink();
        Baseline base2 = new ArtifactsBaseline(tmp.resolve("run2")).find().orElseThrow();
        RunOutcome three = run(jobFile(0.7), "run3", base2, third);
        assertThat(three.wasSkipped()).as(third.transcript()).isTrue();
        assertThat(three.skipped()).isEqualTo("skipped: job, code and inputs unchanged since " + tmp.resolve("run2"));
        assertThat(submitted).hasValue(2);
        assertThat(three.logFiles()).isEmpty();
        assertThat(tmp.resolve("run3/logs")).doesNotExist();
        assertThat(RunMetrics.fromJson(Files.readString(tmp.resolve("run3/metrics.json")))).isEqualTo(base2.metrics());

        // 4: one line of code changed: it runs again, and says what changed
        Path train = tmp.resolve("project/code/train.py");
        Files.writeString(train, Files.readString(train).replace("range(5)", "range(6)"));
        RecordingSink fourth = new RecordingSink();
        RunOutcome four = run(jobFile(0.7), "run4", base2, fourth);
        assertThat(four.wasSkipped()).isFalse();
        assertThat(submitted).hasValue(3);
        assertThat(fourth.transcript()).contains("Not skipped: code changed since");
        assertThat(four.metrics().get("accuracy").size()).isEqualTo(6);
    }
}

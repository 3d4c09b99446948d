package io.modelarts.train.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly flow from the command line with the example's real training script: metrics, the gate (exit 4),
 * skipping an unchanged run (exit 0, {@code skipped: ...}) and running again after one changed line of code.
 */
class RetrainCommandTest {

    static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(Path job, String artifacts, String... more) {
        List<String> args = new ArrayList<>(List.of("run", job.toString(), "--store", tmp.resolve("store").toString(),
                "--work-dir", tmp.resolve("jobs").toString(), "--artifacts", tmp.resolve(artifacts).toString(), "--sync-interval", "200ms"));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), NoCluster.INSTANCE)
                .execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** The nightly example, its code and data copied so that a test may change them, with {@code epochs}. */
    Path job(String epochs) throws IOException {
        Path project = tmp.resolve("project");
        if (!Files.exists(project)) {
            copy(EXAMPLES.resolve("logistic-regression/code"), project.resolve("logistic-regression/code"));
            copy(EXAMPLES.resolve("logistic-regression/data"), project.resolve("logistic-regression/data"));
        }
        Path job = project.resolve("nightly-retrain/job.yaml");
        Files.createDirectories(job.getParent());
        Files.writeString(job, Files.readString(EXAMPLES.resolve("nightly-retrain/job.yaml")).replace("epochs: \"30\"", "epochs: \"" + epochs + "\""));
        return job;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void nightlyFlowMetricsGateSkipAndAChangedLine() throws IOException {
        // night 1: no baseline yet
        Result one = run(job("30"), "night1", "--baseline", tmp.resolve("night0").toString());
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).contains("No baseline yet in", "Gate passed (no baseline yet):",
                "ok     accuracy >= baseline.accuracy - 0.01: accuracy = ", "(no baseline yet: passes)", "  metrics.json",
                "  fingerprint.json", "  report.html");
        assertThat(Files.readString(tmp.resolve("night1/metrics.json"))).contains("\"accuracy\": {\"last\": ", "\"val_loss\"");
        assertThat(tmp.resolve("night1/report.html")).exists();

        // night 2: a much shorter training is worse: exit 4, each failed condition with both values, outputs collected
        Result two = run(job("1"), "night2", "--baseline", tmp.resolve("night1").toString());
        assertThat(two.code()).as(two.toString()).isEqualTo(ExitCodes.REGRESSED);
        assertThat(two.out()).contains("Regressed: Job Completed after 1 attempt");
        assertThat(two.err()).containsPattern("gate failed: val_loss <= baseline\\.val_loss \\* 1\\.1: val_loss = [0-9.]+, needed <= [0-9.]+ \\(baseline\\.val_loss \\* 1\\.1 with baseline\\.val_loss = [0-9.]+\\)");
        assertThat(tmp.resolve("night2/outputs/train_url/model.json")).exists();
        assertThat(tmp.resolve("night2/logs/worker-0.log")).exists();

        // night 3: nothing changed since night 2: skipped, exit 0, no job
        Result three = run(job("1"), "night3", "--baseline", tmp.resolve("night2").toString());
        assertThat(three.code()).as(three.toString()).isZero();
        assertThat(three.out()).contains("\nskipped: job, code and inputs unchanged since " + tmp.resolve("night2") + "\n");
        assertThat(three.out()).doesNotContain("status: Running");
        assertThat(tmp.resolve("night3/logs")).doesNotExist();

        // night 4: one line of the code changed: it trains again
        Path train = tmp.resolve("project/logistic-regression/code/train.py");
        Files.writeString(train, Files.readString(train) + "# retrained\n");
        Result four = run(job("1"), "night4", "--baseline", tmp.resolve("night2").toString());
        assertThat(four.code()).as(four.toString()).isZero();
        assertThat(four.out()).contains("Not skipped: code changed since", "status: Running", "Gate passed");
    }

    @Test
    void anUnreadableBaselineIsAnErrorNamingTheFile() throws IOException {
        Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(tmp.resolve("bad/metrics.json"), "{\"accuracy\": [1, 2]}");
        Result r = run(job("30"), "night", "--baseline", tmp.resolve("bad").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).contains("the baseline " + tmp.resolve("bad") + " cannot be used: metrics.json: accuracy has no points list");
        assertThat(r.out() + r.err()).doesNotContain("\tat ");
    }
}

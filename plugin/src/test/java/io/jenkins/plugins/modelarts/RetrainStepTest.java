package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.model.Action;
import hudson.model.Result;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.jenkins.plugins.testsupport.StepRun;
import io.jenkins.plugins.testsupport.TestBuild;
import io.jenkins.plugins.testsupport.TestJob;
import io.modelarts.train.metrics.RunMetrics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scheduled retraining in Jenkins (jenkins-test-support, the local backend with a real python3 job): the baseline is
 * the newest earlier SUCCESS build of the same job, a failed gate makes the build UNSTABLE (or fails it), the step
 * returns the metrics and the verdict, an unchanged job is skipped, and the build and job pages get their actions.
 */
class RetrainStepTest {

    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();
    TestJob job;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(LocalBackendStepTest.hasPython(), "python3 is needed");
        job = sessions.createJob("nightly");
        Path code = Files.createDirectories(workspace().resolve("code"));
        Files.writeString(code.resolve("train.py"), """
                import argparse, os
                p = argparse.ArgumentParser()
                p.add_argument("--acc")
                p.add_argument("--train_url")
                a, _ = p.parse_known_args()
                print("training ran", flush=True)
                print("validation accuracy " + a.acc, flush=True)
                with open(os.path.join(a.train_url, "model.txt"), "w") as f:
                    f.write("weights " + a.acc)
                """);
    }

    Path workspace() {
        return sessions.home().resolve("workspace/nightly");
    }

    static Map<String, Object> args(String accuracy) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", "retrain");
        args.put("backend", "local");
        args.put("algorithm", Map.of("image", "local", "codeDir", "code", "bootCommand", "python3 ${MA_JOB_DIR}/code/train.py"));
        args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/retrain/")));
        args.put("hyperparameters", Map.of("acc", accuracy));
        args.put("metrics", List.of(Map.of("name", "accuracy", "regex", "validation accuracy ([0-9.]+)")));
        args.put("gate", List.of("accuracy >= 0.5", "accuracy >= baseline.accuracy - 0.01"));
        return args;
    }

    /** Runs one build of the job with the step; returns it once the step completed. */
    record Built(TestBuild build, StepRun step) {
        String log() {
            return build.log();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> result() {
            assertThat(step.failures()).as(log()).isEmpty();
            return (Map<String, Object>) step.successes().get(0);
        }

        File artifact(String path) {
            return new File(build.getArtifactsDir(), "modelarts/retrain/" + path);
        }
    }

    Built build(Map<String, Object> args) throws Exception {
        TestBuild b = job.newBuild();
        StepRun step = sessions.start(b, TestBinder.bind(ModelArtsTrainStep.class, args));
        assertThat(step.await(120)).as(b.log()).isTrue();
        return new Built(b, step);
    }

    @Test
    void theGateComparesWithTheLastSuccessfulBuildAndARegressionMakesTheBuildUnstable() throws Exception {
        Built first = build(args("0.9"));
        assertThat(first.log()).contains("No baseline yet", "no baseline yet: passes", "Metrics: accuracy=0.9");
        assertThat(first.build.getResult()).isEqualTo(Result.SUCCESS);
        Map<String, Object> r1 = first.result();
        assertThat(r1).containsEntry("metrics", Map.of("accuracy", 0.9)).containsEntry("skipped", null);
        assertThat(r1.get("gate")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "passed").containsEntry("baseline", null);

        Built regressed = build(args("0.8"));
        String log = regressed.log();
        assertThat(log).contains("Baseline: build #1",
                "FAILED accuracy >= baseline.accuracy - 0.01: accuracy = 0.8, needed >= 0.89 (baseline.accuracy - 0.01 with baseline.accuracy = 0.9)",
                "the regression gate failed (1 condition(s), printed above); build result UNSTABLE");
        assertThat(regressed.build.getResult()).isEqualTo(Result.UNSTABLE);
        // the stage view shows the step (and its stage) unstable through a warning on the step's node
        WarningAction warning = regressed.step.node().getAction(WarningAction.class);
        assertThat(warning).as("warning on the step's flow node").isNotNull();
        assertThat(warning.getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(warning.getMessage()).isEqualTo("the regression gate of ModelArts training job retrain failed (1 condition(s))");
        assertThat(first.step.node().getAction(WarningAction.class)).isNull();
        Map<String, Object> r2 = regressed.result();
        assertThat(r2).containsEntry("status", "Completed").containsEntry("metrics", Map.of("accuracy", 0.8));
        @SuppressWarnings("unchecked")
        Map<String, Object> gate = (Map<String, Object>) r2.get("gate");
        assertThat(gate).containsEntry("status", "failed").containsEntry("baseline", "build #1");
        assertThat((List<?>) gate.get("conditions")).hasSize(2).last().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("value", 0.8).containsEntry("threshold", 0.89).containsEntry("passed", false);
        // outputs, logs and report archived all the same
        assertThat(regressed.artifact("outputs/train_url/model.txt")).hasContent("weights 0.8");
        assertThat(regressed.artifact("logs/worker-0.log")).content().contains("validation accuracy 0.8");
        assertThat(regressed.artifact("report.html")).content().contains("Regressed");

        // gateResult: 'FAILURE' fails the step; the unstable build #2 is not the baseline
        Map<String, Object> failing = args("0.85");
        failing.put("gateResult", "FAILURE");
        Built failed = build(failing);
        assertThat(failed.log()).contains("Baseline: build #1");
        assertThat(failed.build.getResult()).isEqualTo(Result.FAILURE);
        assertThat(failed.step.failures()).singleElement().satisfies(e -> assertThat(e).isInstanceOf(hudson.AbortException.class)
                .hasMessageContaining("ModelArts training job retrain: the regression gate failed:")
                .hasMessageContaining("FAILED accuracy >= baseline.accuracy - 0.01: accuracy = 0.85, needed >= 0.89"));
        assertThat(failed.artifact("outputs/train_url/model.txt")).hasContent("weights 0.85");
        assertThat(failed.artifact(RunMetrics.FILE_NAME)).exists();

        Built recovered = build(args("0.95"));
        assertThat(recovered.log()).contains("Baseline: build #1");
        assertThat(recovered.build.getResult()).isEqualTo(Result.SUCCESS);

        // the build pages link their reports; the job page's trend covers every build that archived metrics
        TrainingReportAction report = recovered.build.getAction(TrainingReportAction.class);
        assertThat(report).isNotNull();
        assertThat(report.getUrlName()).isEqualTo("modelarts-report-retrain");
        assertThat(report.getDisplayName()).isEqualTo("Training report");
        assertThat(report.getIconFileName()).isNotBlank();
        // served with a policy that keeps its layout (Jenkins' policy for archived files refuses inline styles), its links
        // going to the archived folder
        StaplerExchange page = new StaplerExchange("/jenkins");
        report.doIndex(page.request, page.response);
        assertThat(page.status).isEqualTo(200);
        assertThat(page.headers).containsEntry("Content-Security-Policy", io.modelarts.train.report.ServedReport.CONTENT_SECURITY_POLICY)
                .containsEntry("Content-Type", "text/html;charset=UTF-8").containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(page.text()).contains("<base href=\"/jenkins/" + recovered.build.getUrl() + "artifact/modelarts/retrain/\">")
                .contains("accuracy").doesNotContain("<script");
        assertThat(new File(recovered.build.getRootDir(), "archive/modelarts/retrain/report.html")).isFile();
        assertThat(report.getProjectActions()).singleElement().isInstanceOf(MetricsTrendAction.class);
        MetricsTrendAction trend = (MetricsTrendAction) report.getProjectActions().iterator().next();
        assertThat(trend.getUrlName()).isEqualTo("modelarts-metrics");
        assertThat(trend.getTrends()).singleElement().satisfies(t -> {
            assertThat(t.getMetric()).isEqualTo("accuracy");
            assertThat(t.points()).extracting(p -> p.label() + "=" + p.value())
                    .containsExactly("#1=0.9", "#2=0.8", "#3=0.85", "#4=0.95");
            assertThat(t.getTitle()).isEqualTo("accuracy (retrain): 0.95 in #4");
            assertThat(t.getSvg()).startsWith("<svg").contains("#1", "#4").doesNotContain("<script");
        });
    }

    @Test
    void anUnchangedJobIsSkippedAndKeepsItsBaselinesMetrics() throws Exception {
        Map<String, Object> args = args("0.9");
        args.put("skipIfUnchanged", true);
        Built first = build(args);
        assertThat(first.log()).contains("training ran");

        Built skipped = build(args);
        String log = skipped.log();
        assertThat(log).contains("skipped: job, code and inputs unchanged since build #1",
                "ModelArts training job retrain was not run").doesNotContain("training ran");
        assertThat(skipped.build.getResult()).isEqualTo(Result.SUCCESS);
        Map<String, Object> r = skipped.result();
        assertThat(r).containsEntry("skipped", "skipped: job, code and inputs unchanged since build #1")
                .containsEntry("metrics", Map.of("accuracy", 0.9)).containsEntry("outputs", Map.of());
        assertThat(archived(skipped)).containsExactly("fingerprint.json", "job-spec.effective.yaml", "metrics.json", "report.html");
        assertThat(RunMetrics.fromJson(Files.readString(skipped.artifact("metrics.json").toPath())))
                .isEqualTo(RunMetrics.fromJson(Files.readString(first.artifact("metrics.json").toPath())));
        assertThat(skipped.build.getAction(TrainingReportAction.class)).isNotNull();

        // the skipped build is a baseline too (it kept the metrics); a code change runs again
        Files.writeString(workspace().resolve("code/train.py"), "\n# changed\n", java.nio.file.StandardOpenOption.APPEND);
        Built changed = build(args);
        assertThat(changed.log()).contains("Baseline: build #2", "Not skipped: code changed since build #2", "training ran");
        assertThat(changed.result()).containsEntry("skipped", null);
    }

    static Set<String> archived(Built b) throws Exception {
        Path dir = b.artifact("").toPath();
        Set<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).forEach(p -> files.add(dir.relativize(p).toString()));
        }
        return files;
    }

    @Test
    void aWrongGateResultIsRefusedBeforeAnythingRuns() throws Exception {
        Map<String, Object> args = args("0.9");
        args.put("gateResult", "ABORTED");
        Built b = build(args);
        assertThat(b.step.failures()).singleElement().satisfies(e -> assertThat(e).isInstanceOf(hudson.AbortException.class)
                .hasMessage("gateResult: 'ABORTED' is not UNSTABLE or FAILURE (the build result when the regression gate fails)"));
        assertThat(b.log()).doesNotContain("training ran");
        assertThat(b.build.getActions(TrainingReportAction.class)).isEmpty();
        assertThat(b.build.getAllActions()).noneMatch((Action a) -> a instanceof MetricsTrendAction);
    }
}

package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.util.StreamTaskListener;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The freestyle builder's retraining: the same baseline, UNSTABLE or a failed build, and skip as the Pipeline step. */
class BuilderRetrainTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();
    @TempDir
    Path tmp;

    String perform(TestJenkins.FakeRun run, Map<String, Object> args) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StreamTaskListener listener = new StreamTaskListener(console, StandardCharsets.UTF_8);
        try {
            ModelArtsTrainBuilder b = TestBinder.bind(ModelArtsTrainBuilder.class,
                    new ModelArtsTrainBuilder.DescriptorImpl().customInstantiate(args));
            b.perform(run, new FilePath(tmp.resolve("ws").toFile()), new EnvVars(), new Launcher.LocalLauncher(listener), listener);
        } finally {
            listener.getLogger().flush();
        }
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRegressionMakesTheFreestyleBuildUnstableOrFailsIt() throws Exception {
        assumeTrue(LocalBackendStepTest.hasPython(), "python3 is needed");
        Path code = Files.createDirectories(tmp.resolve("ws/code"));
        Files.writeString(code.resolve("train.py"), """
                import argparse, os
                p = argparse.ArgumentParser()
                p.add_argument("--acc")
                p.add_argument("--train_url")
                a, _ = p.parse_known_args()
                print("validation accuracy " + a.acc, flush=True)
                """);
        TestJenkins.FakeJob job = TestJenkins.job("freestyle-retrain");
        TestJenkins.FakeRun first = new TestJenkins.FakeRun(job);
        perform(first, RetrainStepTest.args("0.9"));
        first.finish();
        assertThat(first.getResult()).isEqualTo(Result.SUCCESS);

        TestJenkins.FakeRun second = new TestJenkins.FakeRun(job);
        String log = perform(second, RetrainStepTest.args("0.8"));
        assertThat(log).contains("Baseline: build #1", "FAILED accuracy >= baseline.accuracy - 0.01", "build result UNSTABLE");
        assertThat(second.getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(new File(second.getArtifactsDir(), "modelarts/retrain/report.html")).exists();
        assertThat(second.getAction(TrainingReportAction.class)).isNotNull();
        second.finish();

        Map<String, Object> failing = RetrainStepTest.args("0.8");
        failing.put("gateResult", "FAILURE");
        TestJenkins.FakeRun third = new TestJenkins.FakeRun(job);
        assertThatThrownBy(() -> perform(third, failing)).isInstanceOf(AbortException.class)
                .hasMessageContaining("the regression gate failed:").hasMessageContaining("needed >= 0.89");
        assertThat(new File(third.getArtifactsDir(), "modelarts/retrain/logs/worker-0.log")).exists();
    }
}

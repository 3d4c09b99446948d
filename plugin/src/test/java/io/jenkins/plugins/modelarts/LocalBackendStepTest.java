package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.FilePath;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backend: 'local'}: the job runs as a process in the workspace, for smoke tests (needs python3). */
class LocalBackendStepTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    @TempDir
    Path tmp;


    static boolean hasPython() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aLocalJobRunsInTheWorkspaceAndItsOutputsAreArchived() throws Exception {
        assumeTrue(hasPython(), "python3 is needed");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("code"));
        Files.writeString(ws.resolve("code/train.py"), """
                import argparse, os
                p = argparse.ArgumentParser()
                p.add_argument("--train_url")
                p.add_argument("--epochs")
                a, _ = p.parse_known_args()
                print("epochs=" + a.epochs)
                with open(os.path.join(a.train_url, "model.txt"), "w") as f:
                    f.write("weights")
                """);
        Files.writeString(ws.resolve("job.yaml"), """
                name: smoke
                algorithm:
                  image: local
                  codeDir: code
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                outputs:
                  - dataPath: obs://bucket/smoke/
                hyperparameters:
                  epochs: "1"
                """);
        TestJenkins.FakeRun run = TestJenkins.run("local-smoke");
        FakeStepContext.Env env = new FakeStepContext.Env(run, new FilePath(ws.toFile()), "3");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("file", "job.yaml");
        args.put("backend", "local");
        args.put("hyperparameters", Map.of("epochs", 3));
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);
        ModelArtsTrainExecution execution = (ModelArtsTrainExecution) step.start(new FakeStepContext(env));

        assertThat(execution.start()).isFalse();
        assertThat(env.awaitDone(120)).as(env.console()).isTrue();

        assertThat(env.failures).as(env.console()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) env.successes.get(0);
        assertThat(result).containsEntry("status", "Completed").containsEntry("name", "smoke")
                .containsEntry("outputs", Map.of("train_url", "modelarts/smoke/outputs/train_url"));
        assertThat(env.console()).contains("epochs=3");
        assertThat(new File(run.getArtifactsDir(), "modelarts/smoke/outputs/train_url/model.txt")).content().isEqualTo("weights");
        assertThat(ws.resolve("modelarts-store/bucket/smoke/model.txt")).exists();
    }
}

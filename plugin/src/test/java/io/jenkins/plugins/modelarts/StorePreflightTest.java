package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.util.StreamTaskListener;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The object-store checks of the page run before a build submits anything, as the command line's {@code run} makes them. */
class StorePreflightTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    @TempDir
    Path tmp;
    String ns;
    S3TestServer s3;

    @BeforeEach
    void setUp() throws Exception {
        MockCluster.get();
        ns = MockCluster.namespace("preflight");
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
        s3 = S3TestServer.start("bucket");
        TestJenkins.useObjectStore(s3);
    }

    @AfterEach
    void tearDown() {
        ClientCache.get().closeAll();
        s3.close();
    }

    void put(String uri, String text) {
        try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
            store.putBytes(ObjectUri.parse(uri), text.getBytes(StandardCharsets.UTF_8));
        }
    }

    FakeStepContext.Env run(Map<String, Object> args, String nodeId) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        FakeStepContext.Env env = new FakeStepContext.Env(TestJenkins.run("preflight-" + nodeId + "-" + ns), new FilePath(ws.toFile()), nodeId);
        ((ModelArtsTrainExecution) TestBinder.bind(ModelArtsTrainStep.class, args).start(new FakeStepContext(env))).start();
        assertThat(env.awaitDone(StepExecutionTest.WAIT.toSeconds())).as(env.console()).isTrue();
        return env;
    }

    Map<String, Object> withCode(String name, String codeDir) {
        Map<String, Object> args = StepExecutionTest.job(name);
        args.put("algorithm", Map.of("image", "registry.example.com/team/train:1", "codeDir", codeDir,
                "bootCommand", "python ${MA_JOB_DIR}/code/train.py"));
        args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/out-" + name + "-" + ns + "/")));
        return args;
    }

    @Test
    void anEmptyObjectStoreCodeDirFailsTheStepBeforeSubmission() throws Exception {
        put("obs://bucket/elsewhere-" + ns + "/train.py", "print('not here')\n");
        String code = "obs://bucket/code-" + ns + "/";

        FakeStepContext.Env env = run(withCode("nocode", code), "1");

        assertThat(env.successes).isEmpty();
        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f).isInstanceOf(AbortException.class)
                .hasMessageContaining("The training job is invalid:")
                .hasMessageContaining("algorithm.codeDir: " + code + " holds no files: upload the code there, or correct the path"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }

    @Test
    void aNonEmptyOutputPathIsAConsoleWarningAndTheJobRuns() throws Exception {
        put("obs://bucket/code-" + ns + "/train.py", "print('trained')\n");
        put("obs://bucket/out-reused-" + ns + "/old.txt", "from an earlier run\n");
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("ran anyway"));

        FakeStepContext.Env env = run(withCode("reused", "obs://bucket/code-" + ns + "/"), "2");

        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(env.console()).contains("[modelartsTrain] warning: outputs[0].dataPath: obs://bucket/out-reused-" + ns
                + "/ is not empty (1 object)", "ran anyway");
        assertThat(MockCluster.jobs(ns)).hasSize(1);
    }

    @Test
    void theFreestyleBuilderChecksTheSame() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StreamTaskListener listener = new StreamTaskListener(console, StandardCharsets.UTF_8);
        ModelArtsTrainBuilder builder = TestBinder.bind(ModelArtsTrainBuilder.class, withCode("fs-nocode", "obs://bucket/fs-code-" + ns + "/"));
        FilePath ws = new FilePath(Files.createDirectories(tmp.resolve("fs-ws")).toFile());

        assertThatThrownBy(() -> builder.perform(TestJenkins.run("fs-preflight-" + ns), ws, new EnvVars(), new Launcher.LocalLauncher(listener),
                listener)).isInstanceOf(AbortException.class).hasMessageContaining("algorithm.codeDir: obs://bucket/fs-code-" + ns
                + "/ holds no files");
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }
}

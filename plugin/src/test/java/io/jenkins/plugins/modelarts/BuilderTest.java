package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.util.StreamTaskListener;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freestyle builder: blocks, archives, and deletes the job when the build is aborted. */
class BuilderTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    String ns;
    TestJenkins.FakeRun run;
    FilePath workspace;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    TaskListener listener;

    @BeforeEach
    void setUp() throws Exception {
        MockCluster.get();
        ns = MockCluster.namespace("builder");
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
        run = TestJenkins.run("freestyle-" + ns);
        workspace = new FilePath(Files.createDirectories(tmp.resolve("ws")).toFile());
        listener = new StreamTaskListener(console, StandardCharsets.UTF_8);
    }

    @AfterEach
    void tearDown() {
        ClientCache.get().closeAll();
    }

    String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    ModelArtsTrainBuilder builder(String name) throws Exception {
        return TestBinder.bind(ModelArtsTrainBuilder.class, StepExecutionTest.job(name));
    }

    void perform(ModelArtsTrainBuilder b) throws Exception {
        b.perform(run, workspace, new EnvVars(), new Launcher.LocalLauncher(listener), listener);
    }

    @Test
    void aCompletedJobIsArchivedAndAFailedOneFailsTheBuild() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("hello from freestyle"));
        perform(builder("fs-ok"));
        assertThat(console()).contains("hello from freestyle", "status: Completed").doesNotContain(StepExecutionTest.TOKEN);
        assertThat(new File(run.getArtifactsDir(), "modelarts/fs-ok/logs/worker-0.log")).exists();

        MockCluster.behaviour(ns, WorkerBehaviour.fail(2, "oops"));
        assertThatThrownBy(() -> perform(builder("fs-bad"))).isInstanceOf(AbortException.class)
                .hasMessageContaining("Failed").hasMessageContaining("exit code 2");
    }

    /** On an agent: local code uploaded and outputs downloaded there through presigned requests; no key crosses. */
    @Test
    void onAnAgentTheFilesMoveOnTheAgentWithoutKeys() throws Exception {
        try (io.modelarts.train.testing.S3TestServer s3 = io.modelarts.train.testing.S3TestServer.start("bucket")) {
            TestJenkins.useObjectStore(s3);
            try (io.modelarts.train.storage.S3ObjectStore store = new io.modelarts.train.storage.S3ObjectStore(s3.settings())) {
                store.putBytes(io.modelarts.train.storage.ObjectUri.parse("obs://bucket/fs-out-" + ns + "/m.json"),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
            Path agentWs = Files.createDirectories(tmp.resolve("agent-ws/src"));
            Files.writeString(agentWs.resolve("train.py"), "print('x')\n");
            AgentChannel agent = new AgentChannel();
            workspace = new FilePath(agent, agentWs.getParent().toString());
            MockCluster.behaviour(ns, WorkerBehaviour.succeed("freestyle on an agent"));
            java.util.Map<String, Object> args = StepExecutionTest.job("fs-agent");
            args.put("algorithm", java.util.Map.of("image", "registry.example.com/team/train:1", "codeDir", "src",
                    "bootCommand", "python ${MA_JOB_DIR}/src/train.py"));
            args.put("outputs", java.util.List.of(java.util.Map.of("dataPath", "obs://bucket/fs-out-" + ns + "/")));

            perform(TestBinder.bind(ModelArtsTrainBuilder.class, args));

            assertThat(console()).contains("freestyle on an agent").doesNotContain(s3.secretKey());
            assertThat(agent.crossed).contains(AgentStaging.class.getName(), OutputDownload.class.getName());
            assertThat(agentWs.getParent().resolve("modelarts/fs-agent/outputs/train_url/m.json")).exists();
            assertThat(new File(run.getArtifactsDir(), "modelarts/fs-agent/outputs/train_url/m.json")).exists();
        }
    }

    @Test
    void twoStepsOfOneBuildWithTheSameJobNameRunTwoJobs() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("step ran"));
        perform(builder("fs-twice"));
        perform(builder("fs-twice"));

        assertThat(MockCluster.jobs(ns)).hasSize(2);
        assertThat(console()).doesNotContain("already submitted");
        assertThat(console().split("step ran", -1)).hasSize(3);
    }

    @Test
    void interruptingTheBuildDeletesTheJobAndRethrows() throws Exception {
        String signal = ns + "-never";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("training forever");
            pod.await(signal);
            pod.exit(0);
        });
        ModelArtsTrainBuilder b = builder("fs-abort");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread executor = new Thread(() -> {
            try {
                perform(b);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "freestyle executor");
        executor.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(console()).contains("training forever"));
        assertThat(MockCluster.jobs(ns)).hasSize(1);

        executor.interrupt();
        executor.join(WAIT.toMillis());

        assertThat(executor.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(MockCluster.jobs(ns)).isEmpty();
            assertThat(MockCluster.pods(ns)).isEmpty();
        });
        assertThat(console()).contains("Stopping ModelArts training job fs-abort");
    }
}

package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.jenkins.plugins.testsupport.CredentialsTracking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.FilePath;
import hudson.model.Result;
import io.modelarts.train.backend.kubernetes.KubernetesJobHandle;
import io.modelarts.train.storage.ObjectInfo;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import jenkins.model.CauseOfInterruption;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step's execution against a mock cluster: start, success, failure, stop, resume, secrets, archiving. */
@SuppressWarnings("try")
class StepExecutionTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    static final String TOKEN = "k8s-token-value-never-printed-123";
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    String ns;
    TestJenkins.FakeRun run;
    FakeStepContext.Env env;

    @BeforeAll
    static void startCluster() {
        MockCluster.get();
    }

    @BeforeEach
    void setUp() throws Exception {
        MockCluster.get();
        ns = MockCluster.namespace("step");
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", TOKEN);
        run = TestJenkins.run("train-" + ns);
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        env = new FakeStepContext.Env(run, new FilePath(ws.toFile()), "7");
    }

    @AfterEach
    void tearDown() {
        ClientCache.get().closeAll();
    }

    static Map<String, Object> job(String name) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("algorithm", Map.of("image", "registry.example.com/team/train:1", "bootCommand", "python train.py"));
        args.put("resources", Map.of("pool", "pool", "type", "CPU", "flavor", "cpu-2"));
        return args;
    }

    ModelArtsTrainExecution execution(Map<String, Object> args, FakeStepContext.Env e) throws Exception {
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);
        return (ModelArtsTrainExecution) step.start(new FakeStepContext(e));
    }

    void awaitDone() throws InterruptedException {
        assertThat(env.awaitDone(WAIT.toSeconds())).as("step completed; console:\n%s", env.console()).isTrue();
    }

    void awaitConsole(String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(env.console()).contains(text));
    }

    /**
     * The execution's executor: holds its tasks until opened, then runs them in the background and counts those not
     * yet finished, so that a test can wait until everything the execution set going has run ({@link #awaitIdle}).
     */
    static final class Gate implements Executor {
        final List<Runnable> held = new ArrayList<>();
        boolean open;
        private int unfinished;

        @Override
        public synchronized void execute(Runnable task) {
            if (open) {
                run(task);
            } else {
                held.add(task);
            }
        }

        synchronized void open() {
            open = true;
            held.forEach(this::run);
            held.clear();
        }

        private void run(Runnable task) {
            unfinished++;
            Background.work().execute(() -> {
                try {
                    task.run();
                } finally {
                    finished();
                }
            });
        }

        private synchronized void finished() {
            unfinished--;
            notifyAll();
        }

        /** True once the gate is open and every task given to it has run, including those its tasks gave it. */
        synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!open || unfinished > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    @Test
    void startDoesNoIoAndSuccessCompletesOnceWithTheResultMap() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("epoch 1", "epoch 2", "done"));
        ModelArtsTrainExecution execution = execution(job("ok-job"), env);
        Gate gate = new Gate();
        execution.useExecutor(gate);

        assertThat(execution.start()).isFalse();

        // nothing happened yet: no client, no Kubernetes Job, no console output, no completion
        assertThat(gate.held).hasSize(1);
        assertThat(ClientCache.get().size()).isZero();
        assertThat(MockCluster.jobs(ns)).isEmpty();
        assertThat(env.console()).isEmpty();
        assertThat(env.completions()).isZero();
        assertThat(execution.getStatus()).contains("submitting");

        gate.open();
        awaitDone();

        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(env.successes).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) env.successes.get(0);
        assertThat(result).containsEntry("status", "Completed").containsEntry("name", "ok-job").containsEntry("namespace", ns)
                .containsEntry("attempts", 1).containsKeys("kubernetesName", "duration", "outputs", "archivedFiles");
        assertThat((String) result.get("kubernetesName")).isEqualTo(MockCluster.jobs(ns).get(0).getMetadata().getName());
        assertThat((Integer) result.get("archivedFiles")).isGreaterThanOrEqualTo(2);
        assertThat(env.console()).contains("epoch 1", "epoch 2", "done", "status: Completed");
        File archive = new File(run.getArtifactsDir(), "modelarts/ok-job");
        assertThat(new File(archive, "job-spec.effective.yaml")).exists();
        assertThat(new File(archive, "logs/worker-0.log")).content().contains("epoch 2");
        assertThat(tmp.resolve("ws/modelarts/ok-job/logs/worker-0.log")).exists();
        assertThat(env.saves.get()).as("the handle was saved").isPositive();
        assertThat(execution.handle()).isInstanceOf(KubernetesJobHandle.class);
        assertThat(CredentialsTracking.trackedFor(run)).isNotEmpty();
        // exactly once, also after everything the execution set going has run
        assertThat(gate.awaitIdle(WAIT)).as("the execution's tasks ended").isTrue();
        assertThat(env.completions()).isEqualTo(1);
    }

    @Test
    void failureCompletesOnceWithStatusWorkerAndExitCode() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.fail(3, "loading data", "Traceback: boom"));
        ModelArtsTrainExecution execution = execution(job("bad-job"), env);

        assertThat(execution.start()).isFalse();
        awaitDone();

        assertThat(env.successes).isEmpty();
        assertThat(env.failures).hasSize(1);
        assertThat(env.failures.get(0)).isInstanceOf(hudson.AbortException.class);
        assertThat(env.failures.get(0).getMessage()).contains("bad-job", "Failed", "worker-0", "exit code 3");
        assertThat(env.console()).contains("Traceback: boom");
        assertThat(new File(run.getArtifactsDir(), "modelarts/bad-job/logs/worker-0.log")).content().contains("Traceback: boom");
    }

    @Test
    void anInvalidJobFailsBeforeAnythingIsSubmitted() throws Exception {
        Map<String, Object> args = job("Bad Name!");
        args.put("priority", 3);
        TestJenkins.FakeRun r = run;
        TestJenkins.permissions((a, p) -> false);
        ModelArtsTrainExecution execution = execution(args, env);
        try (var c = hudson.security.ACL.as2(TestJenkins.user("dev"))) {
            execution.start();
        }
        awaitDone();

        assertThat(env.failures).singleElement().satisfies(t -> assertThat(t.getMessage())
                .contains("invalid", "name:", "priority:", "highest job priority"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
        assertThat(r.getArtifactsDir()).doesNotExist();
    }

    @Test
    void stopDeletesTheKubernetesJobAndCompletesWithTheCause() throws Exception {
        String signal = ns + "-never";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("waiting for data");
            pod.await(signal);
            pod.exit(0);
        });
        ModelArtsTrainExecution execution = execution(job("stop-job"), env);
        execution.start();
        awaitConsole("waiting for data");
        assertThat(MockCluster.jobs(ns)).hasSize(1);

        FlowInterruptedException cause = new FlowInterruptedException(Result.ABORTED, true, new CauseOfInterruption() {
            @Override
            public String getShortDescription() {
                return "Aborted by test";
            }
        });
        execution.stop(cause);
        awaitDone();

        assertThat(env.failures).containsExactly(cause);
        assertThat(env.successes).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(MockCluster.jobs(ns)).isEmpty();
            assertThat(MockCluster.pods(ns)).isEmpty();
        });
        assertThat(env.console()).contains("Stopping ModelArts training job stop-job");
        execution.stop(cause); // again: harmless
        assertThat(env.completions()).isEqualTo(1);
    }

    @Test
    void stopBeforeTheSubmissionCompletesAtOnceAndSubmitsNothing() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("should not run"));
        ModelArtsTrainExecution execution = execution(job("early-stop"), env);
        Gate gate = new Gate();
        execution.useExecutor(gate);
        execution.start();
        RuntimeException cause = new RuntimeException("aborted early");

        execution.stop(cause);

        assertThat(env.failures).containsExactly(cause);
        gate.open();
        // the held submission has run: it saw the stop and submitted nothing
        assertThat(gate.awaitIdle(WAIT)).as("the held submission ran").isTrue();
        assertThat(MockCluster.jobs(ns)).isEmpty();
        assertThat(env.completions()).isEqualTo(1);
    }

    static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    @Test
    void aSerializedAndRestoredExecutionReattachesWithExactLogContinuity() throws Exception {
        String signal = ns + "-more";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.logNumbered("line ", 1, 5);
            pod.await(signal);
            pod.logNumbered("line ", 6, 5);
            pod.exit(0);
        });
        ModelArtsTrainExecution execution = execution(job("resume-job"), env);
        execution.start();
        awaitConsole("line 5");

        // the controller shuts down: the watcher lets go, the program (with this execution) is saved
        execution.detachForShutdown();
        byte[] saved = serialize(execution);
        // ... and starts again
        ModelArtsTrainExecution restored = (ModelArtsTrainExecution) deserialize(saved);
        assertThat(restored.handle()).isInstanceOf(KubernetesJobHandle.class);
        restored.onResume();
        awaitConsole("Resuming after a Jenkins restart");
        MockCluster.get().kubelet().signal(signal);
        awaitDone();

        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(env.successes).hasSize(1);
        List<String> lines = env.console().lines().toList();
        for (int i = 1; i <= 10; i++) {
            String line = "line " + i;
            assertThat(lines.stream().filter(line::equals).count()).as("'%s' in\n%s", line, env.console()).isEqualTo(1);
        }
        assertThat(MockCluster.jobs(ns)).as("no second job").hasSize(1);
        assertThat(new File(run.getArtifactsDir(), "modelarts/resume-job/logs/worker-0.log")).content().contains("line 1", "line 10");
    }

    @Test
    void aResumedStepWhoseJobIsGoneFailsClearly() throws Exception {
        String signal = ns + "-gone";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("started");
            pod.await(signal);
            pod.exit(0);
        });
        ModelArtsTrainExecution execution = execution(job("gone-job"), env);
        execution.start();
        awaitConsole("started");
        execution.detachForShutdown();
        byte[] saved = serialize(execution);
        KubernetesJobHandle handle = (KubernetesJobHandle) execution.handle();
        MockCluster.get().apiClient().batch().v1().jobs().inNamespace(ns).withName(handle.kubernetesName()).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(MockCluster.jobs(ns)).isEmpty());

        ModelArtsTrainExecution restored = (ModelArtsTrainExecution) deserialize(saved);
        restored.onResume();
        awaitDone();

        assertThat(env.successes).isEmpty();
        assertThat(env.failures).singleElement().satisfies(t -> assertThat(t.getMessage())
                .contains("Abnormal", handle.kubernetesName(), "no longer exists"));
    }

    @Test
    void secretsNeverReachTheConsoleAndOutputsAreArchived() throws Exception {
        try (S3TestServer s3 = S3TestServer.start("bucket")) {
            TestJenkins.useObjectStore(s3);
            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                store.putBytes(ObjectUri.parse("obs://bucket/out-" + ns + "/model.json"), "{\"acc\": 0.99}".getBytes(StandardCharsets.UTF_8));
                store.putBytes(ObjectUri.parse("obs://bucket/out-" + ns + "/notes.txt"), "notes".getBytes(StandardCharsets.UTF_8));
            }
            MockCluster.behaviour(ns, WorkerBehaviour.succeed("token is " + TOKEN, "secret key is " + s3.secretKey(), "bye"));
            Map<String, Object> args = job("secret-job");
            args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/out-" + ns + "/")));
            args.put("archive", "**/*.json");
            args.put("environment", Map.of("HINT", "see " + TOKEN));
            ModelArtsTrainExecution execution = execution(args, env);

            execution.start();
            awaitDone();

            String console = env.console();
            assertThat(env.failures).as(console).isEmpty();
            assertThat(console).doesNotContain(TOKEN).doesNotContain(s3.secretKey())
                    .contains("token is ****", "secret key is ****", "bye");
            File archive = new File(run.getArtifactsDir(), "modelarts/secret-job");
            assertThat(new File(archive, "outputs/train_url/model.json")).content().contains("0.99");
            assertThat(new File(archive, "outputs/train_url/notes.txt")).doesNotExist();
            for (File f : Files.walk(archive.toPath()).filter(Files::isRegularFile).map(Path::toFile).toList()) {
                assertThat(f).content().doesNotContain(TOKEN).doesNotContain(s3.secretKey());
            }
            assertThat(tmp.resolve("ws/modelarts/secret-job/outputs/train_url/model.json")).exists();
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) env.successes.get(0);
            assertThat(result.get("outputs")).isEqualTo(Map.of("train_url", "modelarts/secret-job/outputs/train_url"));
            assertThat(CredentialsTracking.trackedFor(run)).extracting(c -> ((com.cloudbees.plugins.credentials.common.IdCredentials) c).getId())
                    .contains("k8s-token", "s3-keys");
        }
    }

    /** Most builds run on agents: a local code folder in an agent's workspace is uploaded from that agent. */
    @Test
    void localCodeInAnAgentsWorkspaceIsUploadedFromThatAgent() throws Exception {
        try (S3TestServer s3 = S3TestServer.start("bucket")) {
            TestJenkins.useObjectStore(s3);
            Path agentWs = Files.createDirectories(tmp.resolve("agent-ws"));
            Files.writeString(Files.createDirectories(agentWs.resolve("src")).resolve("train.py"), "print('trained')\n");
            AgentChannel agent = new AgentChannel();
            FakeStepContext.Env remote = new FakeStepContext.Env(run, new FilePath(agent, agentWs.toString()), "8");
            MockCluster.behaviour(ns, WorkerBehaviour.succeed("trained"));
            Map<String, Object> args = job("agent-job");
            args.put("algorithm", Map.of("image", "registry.example.com/team/train:1", "codeDir", "src",
                    "bootCommand", "python ${MA_JOB_DIR}/src/train.py"));
            args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/out-" + ns + "/")));

            execution(args, remote).start();

            assertThat(remote.awaitDone(WAIT.toSeconds())).as(remote.console()).isTrue();
            String console = remote.console();
            assertThat(remote.failures).as(console).isEmpty();
            assertThat(agent.calls.get()).as("uploads ran on the agent").isPositive();
            // the agent got the uploads and a reference to the controller's broker, never a key (AgentChannel checks
            // every byte that crossed), and asked the broker for one presigned PUT per file
            assertThat(agent.crossed).contains(AgentStaging.class.getName());
            assertThat(agent.callbacks).contains("ObjectStoreBroker.presignPut").doesNotContain("ObjectStoreBroker.presignGet");
            assertThat(console).contains("Uploading the local code directory " + agentWs.resolve("src"), "Code uploaded", "trained")
                    .doesNotContain(s3.secretKey());
            String staged;
            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                List<ObjectInfo> objects = store.list(ObjectUri.parse("obs://bucket/.modelarts-train/staging/"));
                assertThat(objects).singleElement().satisfies(o -> assertThat(o.key()).endsWith("/code/src/train.py"));
                staged = objects.get(0).key().substring(0, objects.get(0).key().length() - "train.py".length());
            }
            // the pods download the staged copy, not a path of the agent
            String pod = MockCluster.jobs(ns).get(0).getSpec().getTemplate().getSpec().toString();
            assertThat(pod).contains(staged).doesNotContain(agentWs.toString());
        }
    }

    /**
     * A Kubernetes job of a build on an agent: its outputs are downloaded on the agent into the workspace through
     * presigned GETs (the controller's disk is no staging area for them) and archived from there.
     */
    @Test
    void outputsAreDownloadedOnTheAgentAndArchivedFromTheWorkspace() throws Exception {
        try (S3TestServer s3 = S3TestServer.start("bucket")) {
            TestJenkins.useObjectStore(s3);
            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                store.putBytes(ObjectUri.parse("obs://bucket/agent-out-" + ns + "/model.json"), "{\"acc\": 0.98}".getBytes(StandardCharsets.UTF_8));
                store.putBytes(ObjectUri.parse("obs://bucket/agent-out-" + ns + "/ckpt/step-1.bin"), new byte[] {1, 2, 3});
                store.putBytes(ObjectUri.parse("obs://bucket/other-" + ns + "/private.txt"), new byte[] {9});
            }
            Path agentWs = Files.createDirectories(tmp.resolve("agent-ws"));
            AgentChannel agent = new AgentChannel();
            FakeStepContext.Env remote = new FakeStepContext.Env(run, new FilePath(agent, agentWs.toString()), "10");
            MockCluster.behaviour(ns, WorkerBehaviour.succeed("trained on the cluster"));
            Map<String, Object> args = job("agent-outputs");
            args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/agent-out-" + ns + "/")));
            args.put("archive", "**/*.json");

            execution(args, remote).start();

            assertThat(remote.awaitDone(WAIT.toSeconds())).as(remote.console()).isTrue();
            assertThat(remote.failures).as(remote.console()).isEmpty();
            assertThat(agent.crossed).contains(OutputDownload.class.getName());
            assertThat(agent.callbacks).contains("ObjectStoreBroker.presignGet").doesNotContain("ObjectStoreBroker.presignPut");
            assertThat(agentWs.resolve("modelarts/agent-outputs/outputs/train_url/model.json")).content().contains("0.98");
            assertThat(agentWs.resolve("modelarts/agent-outputs/outputs/train_url/ckpt/step-1.bin")).doesNotExist();
            assertThat(agentWs.resolve("modelarts/agent-outputs/logs/worker-0.log")).content().contains("trained on the cluster");
            File archive = new File(run.getArtifactsDir(), "modelarts/agent-outputs");
            assertThat(new File(archive, "outputs/train_url/model.json")).content().contains("0.98");
            assertThat(new File(archive, "logs/worker-0.log")).exists();
            assertThat(new File(archive, "job-spec.effective.yaml")).exists();
            assertThat(new File(run.getRootDir(), "modelarts-train")).as("nothing staged on the controller")
                    .satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
            assertThat(remote.console()).doesNotContain(s3.secretKey());
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) remote.successes.get(0);
            assertThat(result.get("outputs")).isEqualTo(Map.of("train_url", "modelarts/agent-outputs/outputs/train_url"));
        }
    }

    @Test
    void localCodeOnAnAgentWithoutAnObjectStoreIsRefusedClearly() throws Exception {
        Path agentWs = Files.createDirectories(tmp.resolve("agent-ws"));
        Files.createDirectories(agentWs.resolve("src"));
        FakeStepContext.Env remote = new FakeStepContext.Env(run, new FilePath(new AgentChannel(), agentWs.toString()), "9");
        Map<String, Object> args = job("agent-no-store");
        args.put("algorithm", Map.of("image", "registry.example.com/team/train:1", "codeDir", "src", "bootCommand", "python x.py"));
        args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/out-" + ns + "/")));

        execution(args, remote).start();

        assertThat(remote.awaitDone(WAIT.toSeconds())).isTrue();
        assertThat(remote.failures).singleElement().satisfies(f -> assertThat(f).isInstanceOf(hudson.AbortException.class)
                .hasMessageContaining("uploaded from the workspace").hasMessageContaining("no object store is configured"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }

    /**
     * Scheduled retraining runs the same job file build after build: each build's step has its own
     * submission key, so the second build creates a new Kubernetes Job instead of following the first.
     */
    @Test
    void aNewBuildOfTheSameJobCreatesANewKubernetesJob() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("run"));
        execution(job("nightly"), env).start();
        awaitDone();
        assertThat(env.successes).as(env.console()).hasSize(1);

        TestJenkins.FakeRun second = new TestJenkins.FakeRun(run.getParent());
        FakeStepContext.Env env2 = new FakeStepContext.Env(second, env.workspace, "7");
        execution(job("nightly"), env2).start();
        assertThat(env2.awaitDone(WAIT.toSeconds())).isTrue();

        assertThat(env2.successes).as(env2.console()).hasSize(1);
        assertThat(env2.console()).as("the second build ran its own job").contains("run").doesNotContain("already submitted");
        assertThat(MockCluster.jobs(ns)).hasSize(2);
    }
}

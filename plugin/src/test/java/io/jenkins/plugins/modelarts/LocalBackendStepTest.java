package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import io.modelarts.train.storage.ObjectInfo;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backend: 'local'}: the job runs in the workspace, its boot command a process started through the step's
 * launcher, for smoke tests (needs python3).
 */
class LocalBackendStepTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    /**
     * A node's launcher as {@code container()} or {@code docker.image().inside} decorate it: it wraps each command
     * (here with {@code env DECORATED_BY=...}), records what it launched and each {@link Proc#kill()}, and may claim
     * to be a Windows machine.
     */
    static final class DecoratingLauncher extends Launcher.DecoratedLauncher {
        final List<List<String>> launched = new CopyOnWriteArrayList<>();
        final AtomicInteger kills = new AtomicInteger();
        private final boolean unix;

        DecoratingLauncher(Launcher inner, boolean unix) {
            super(inner);
            this.unix = unix;
        }

        @Override
        public Proc launch(Launcher.ProcStarter starter) throws IOException {
            launched.add(List.copyOf(starter.cmds()));
            List<String> wrapped = new ArrayList<>(List.of("env", "DECORATED_BY=container-step"));
            wrapped.addAll(starter.cmds());
            Proc p = getInner().launch(starter.cmds(wrapped));
            return new Proc() {
                @Override
                public boolean isAlive() throws IOException, InterruptedException {
                    return p.isAlive();
                }

                @Override
                public void kill() throws IOException, InterruptedException {
                    kills.incrementAndGet();
                    p.kill();
                }

                @Override
                public int join() throws IOException, InterruptedException {
                    return p.join();
                }

                @Override
                public InputStream getStdout() {
                    return p.getStdout();
                }

                @Override
                public InputStream getStderr() {
                    return p.getStderr();
                }

                @Override
                public OutputStream getStdin() {
                    return p.getStdin();
                }
            };
        }

        @Override
        public boolean isUnix() {
            return unix;
        }
    }

    ModelArtsTrainExecution start(Map<String, Object> args, FakeStepContext.Env env) throws Exception {
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);
        ModelArtsTrainExecution execution = (ModelArtsTrainExecution) step.start(new FakeStepContext(env));
        assertThat(execution.start()).isFalse();
        return execution;
    }

    static Map<String, Object> job(String name, String script) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("backend", "local");
        args.put("algorithm", Map.of("image", "local", "codeDir", "code", "bootCommand", "python3 ${MA_JOB_DIR}/code/" + script));
        args.put("outputs", List.of(Map.of("dataPath", "obs://bucket/" + name + "/")));
        return args;
    }

    @Test
    void theProcessStartsThroughTheStepsLauncherWithTheStepsEnvironment() throws Exception {
        assumeTrue(hasPython(), "python3 is needed");
        Path ws = Files.createDirectories(tmp.resolve("ws/code")).getParent();
        Files.writeString(ws.resolve("code/env.py"), """
                import os
                print("withEnv=" + os.environ.get("FROM_WITH_ENV", "missing"))
                print("decorated=" + os.environ.get("DECORATED_BY", "missing"))
                print("job=" + os.environ.get("MA_JOB_DIR", "missing"))
                """);
        FakeStepContext.Env env = new FakeStepContext.Env(TestJenkins.run("local-env"), new FilePath(ws.toFile()), "4");
        env.environment.put("FROM_WITH_ENV", "set-by-withEnv");
        DecoratingLauncher launcher = new DecoratingLauncher(new Launcher.LocalLauncher(env.listener), true);
        env.launcher = launcher;

        start(job("env-job", "env.py"), env);

        assertThat(env.awaitDone(120)).as(env.console()).isTrue();
        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(env.console()).contains("withEnv=set-by-withEnv", "decorated=container-step")
                .doesNotContain("job=missing");
        assertThat(launcher.launched).singleElement().satisfies(cmd -> assertThat(cmd).startsWith("/bin/sh", "-c"));
    }

    @Test
    void abortingKillsTheProcessThroughTheLauncher() throws Exception {
        assumeTrue(hasPython(), "python3 is needed");
        Path ws = Files.createDirectories(tmp.resolve("ws/code")).getParent();
        Path pidFile = tmp.resolve("pid");
        Files.writeString(ws.resolve("code/forever.py"), """
                import os, time
                with open("%s", "w") as f:
                    f.write(str(os.getpid()))
                print("started", flush=True)
                time.sleep(600)
                """.formatted(pidFile));
        FakeStepContext.Env env = new FakeStepContext.Env(TestJenkins.run("local-abort"), new FilePath(ws.toFile()), "5");
        DecoratingLauncher launcher = new DecoratingLauncher(new Launcher.LocalLauncher(env.listener), true);
        env.launcher = launcher;
        ModelArtsTrainExecution execution = start(job("abort-job", "forever.py"), env);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(env.console()).contains("started"));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        RuntimeException cause = new RuntimeException("aborted by the test");

        execution.stop(cause);

        assertThat(env.awaitDone(60)).as(env.console()).isTrue();
        assertThat(env.failures).containsExactly(cause);
        assertThat(launcher.kills.get()).as("killed through the launcher's Proc: " + env.console()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aWindowsNodeIsRefusedAtOnce() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws/code")).getParent();
        Files.writeString(ws.resolve("code/x.py"), "print('never')\n");
        FakeStepContext.Env env = new FakeStepContext.Env(TestJenkins.run("local-windows"), new FilePath(ws.toFile()), "6");
        DecoratingLauncher launcher = new DecoratingLauncher(new Launcher.LocalLauncher(env.listener), false);
        env.launcher = launcher;

        start(job("windows-job", "x.py"), env);

        assertThat(env.awaitDone(60)).isTrue();
        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f).isInstanceOf(hudson.AbortException.class)
                .hasMessageContaining("not a Unix machine"));
        assertThat(launcher.launched).isEmpty();
        assertThat(ws.resolve(LocalRun.WORK_DIR)).doesNotExist();
    }

    /** The workspace store's bucket folders are made by the engine: one that cannot be made ends the build with why. */
    @Test
    void aBucketFolderThatCannotBeMadeAbortsWithTheReason() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws/code")).getParent();
        Files.writeString(ws.resolve("code/x.py"), "print('never')\n");
        Files.createDirectories(ws.resolve(LocalRun.STORE_DIR));
        Files.writeString(ws.resolve(LocalRun.STORE_DIR).resolve("bucket"), "a file where the bucket folder belongs");
        FakeStepContext.Env env = new FakeStepContext.Env(TestJenkins.run("local-bucket"), new FilePath(ws.toFile()), "7");
        DecoratingLauncher launcher = new DecoratingLauncher(new Launcher.LocalLauncher(env.listener), true);
        env.launcher = launcher;

        start(job("bucket-job", "x.py"), env);

        assertThat(env.awaitDone(60)).isTrue();
        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f).isInstanceOf(hudson.AbortException.class)
                .hasMessageStartingWith("cannot create the folder of bucket 'bucket' (for obs://bucket/bucket-job/) in the local object store "
                        + ws.resolve(LocalRun.STORE_DIR)));
        assertThat(launcher.launched).isEmpty();
    }

    /** On an agent with an object store configured: outputs go to the store through presigned PUTs, and no key crosses. */
    @Test
    void onAnAgentTheJobUsesTheObjectStoreWithoutItsKeys() throws Exception {
        assumeTrue(hasPython(), "python3 is needed");
        try (S3TestServer s3 = S3TestServer.start("bucket")) {
            TestJenkins.addKeys("s3-keys", s3.accessKey(), s3.secretKey());
            ObjectStoreSettings os = new ObjectStoreSettings();
            os.setEndpoint(s3.endpoint().toString());
            os.setRegion(s3.region());
            os.setPathStyle(true);
            os.setCredentialsId("s3-keys");
            ModelArtsGlobalConfiguration.get().setObjectStore(os);
            Path ws = Files.createDirectories(tmp.resolve("agent-ws/code")).getParent();
            Files.writeString(ws.resolve("code/train.py"), """
                    import argparse, os
                    p = argparse.ArgumentParser()
                    p.add_argument("--train_url")
                    a, _ = p.parse_known_args()
                    with open(os.path.join(a.train_url, "model.txt"), "w") as f:
                        f.write("weights from the agent")
                    print("trained")
                    """);
            // the job file is read through the workspace, on the agent
            Files.writeString(ws.resolve("job.yaml"), """
                    name: agent-local
                    algorithm:
                      image: local
                      codeDir: code
                      bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                    outputs:
                      - dataPath: obs://bucket/agent-local/
                    """);
            AgentChannel agent = new AgentChannel();
            TestJenkins.FakeRun run = TestJenkins.run("local-agent");
            FakeStepContext.Env env = new FakeStepContext.Env(run, new FilePath(agent, ws.toString()), "7");

            start(Map.of("file", "job.yaml", "backend", "local"), env);

            assertThat(env.awaitDone(120)).as(env.console()).isTrue();
            assertThat(env.failures).as(env.console()).isEmpty();
            assertThat(env.console()).contains("trained").doesNotContain(s3.secretKey());
            assertThat(agent.crossed).contains(LocalRun.class.getName());
            assertThat(agent.callbacks).contains("ProcessControl.start", "ObjectStoreBroker.presignPut");
            try (S3ObjectStore store = new S3ObjectStore(s3.settings())) {
                assertThat(store.list(ObjectUri.parse("obs://bucket/agent-local/"))).extracting(ObjectInfo::key)
                        .contains("agent-local/model.txt");
            }
            assertThat(new File(run.getArtifactsDir(), "modelarts/agent-local/outputs/train_url/model.txt")).content()
                    .isEqualTo("weights from the agent");
        }
    }

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

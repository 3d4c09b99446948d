package io.modelarts.train.backend.local;

import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.RecordingSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.storage.ObjectUri;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The local backend with real python3 processes and the embedded directory store. */
class LocalBackendTest {

    /** Prints its arguments (JSON) and the contract variables, writes a model into train_url. */
    static final String ECHO_SCRIPT = """
            import json, os, sys, argparse
            p = argparse.ArgumentParser()
            p.add_argument("--data_url")
            p.add_argument("--train_url")
            args, unknown = p.parse_known_args()
            print("ARGV " + json.dumps(sys.argv[1:]))
            for k in ["MA_HOME", "MA_MOUNT_PATH", "MA_JOB_DIR", "MA_LOG_DIR", "WORKSPACE", "MA_NUM_GPUS", "MA_NUM_HOSTS",
                      "VC_WORKER_NUM", "VC_TASK_INDEX", "VC_WORKER_HOSTS", "MA_CURRENT_IP", "MA_TASK_NAME", "RANK",
                      "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "LOG_LEVEL"]:
                print("ENV %s=%s" % (k, os.environ.get(k)))
            print("CWD " + os.getcwd())
            print("DATA " + ",".join(sorted(os.listdir(args.data_url))))
            print("to stderr", file=sys.stderr)
            with open(os.path.join(args.train_url, "model.json"), "w") as f:
                json.dump({"w": [1, 2]}, f)
            os.makedirs(os.path.join(args.train_url, "sub"), exist_ok=True)
            with open(os.path.join(args.train_url, "sub", "metrics.txt"), "w") as f:
                f.write("accuracy=0.9\\n")
            """;

    @TempDir
    Path tmp;
    Path storeDir;
    DirectoryObjectStore store;
    LocalBackend backend;

    @BeforeEach
    void setUp() throws IOException {
        storeDir = Files.createDirectories(tmp.resolve("store"));
        Files.createDirectories(storeDir.resolve("bucket"));
        store = new DirectoryObjectStore(storeDir);
        backend = new LocalBackend(store, LocalBackendOptions.defaults(tmp.resolve("jobs"))
                .withSyncInterval(Duration.ofMillis(200))
                .withStopGracePeriod(Duration.ofSeconds(2))
                .withKeepJobDirectory(true));
    }

    static JobPlan plan(String yaml, Path base) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(yaml, "job.yaml", base);
        assertThat(r.problems()).as("job file problems").filteredOn(p -> p.isError()).isEmpty();
        return Planner.plan(r.spec(), null);
    }

    Path code(String script) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src/demo-code"));
        Files.writeString(dir.resolve("train.py"), script);
        return dir;
    }

    Path data() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(dir.resolve("a.csv"), "x,y\n1,0\n");
        Files.writeString(dir.resolve("b.csv"), "x,y\n2,1\n");
        return dir;
    }

    static JobResult await(RunningJob job) throws Exception {
        return job.completion().get(60, TimeUnit.SECONDS);
    }

    String job(String name, String extra) {
        return """
                name: %s
                algorithm:
                  bootMode: customImage
                  image: local
                  codeDir: src/demo-code
                  bootCommand: python3 ${MA_JOB_DIR}/demo-code/train.py
                inputs:
                  - dataPath: data
                outputs:
                  - dataPath: obs://bucket/%s/out/
                %s
                """.formatted(name, name, extra);
    }

    @Test
    void runsTheBootCommandWithTheContainerContract() throws Exception {
        code(ECHO_SCRIPT);
        data();
        RecordingSink sink = new RecordingSink();
        JobPlan plan = plan(job("ok-job", """
                environment:
                  LOG_LEVEL: debug
                hyperparameters:
                  epochs: "3"
                """), tmp);

        RunningJob job = backend.submit(plan, sink);
        JobResult result = await(job);

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(sink.statuses()).containsExactly(JobStatus.CREATING, JobStatus.PENDING, JobStatus.RUNNING, JobStatus.COMPLETED);

        Path root = Path.of(((LocalJobHandle) job.handle()).jobDirectory());
        String home = root.resolve("home/ma-user").toString();
        String argv = line(sink, "ARGV ");
        assertThat(argv).isEqualTo("[\"--data_url=" + home + "/modelarts/inputs/data_url_0\", \"--train_url=" + home
                + "/modelarts/outputs/train_url_0\", \"--epochs=3\"]");
        assertThat(sink.lines()).contains(
                "ENV MA_HOME=" + home,
                "ENV MA_MOUNT_PATH=" + home + "/modelarts",
                "ENV MA_JOB_DIR=" + home + "/modelarts/user-job-dir",
                "ENV MA_LOG_DIR=" + home + "/modelarts/log",
                "ENV WORKSPACE=" + home + "/modelarts/user-job-dir/demo-code",
                "ENV MA_NUM_GPUS=0",
                "ENV MA_NUM_HOSTS=1",
                "ENV VC_WORKER_NUM=1",
                "ENV VC_TASK_INDEX=0",
                "ENV VC_WORKER_HOSTS=localhost",
                "ENV MA_CURRENT_IP=127.0.0.1",
                "ENV MA_TASK_NAME=worker",
                "ENV RANK=0",
                "ENV WORLD_SIZE=1",
                "ENV MASTER_ADDR=127.0.0.1",
                "ENV MASTER_PORT=6666",
                "ENV LOG_LEVEL=debug",
                "CWD " + home + "/modelarts/user-job-dir/demo-code",
                "DATA a.csv,b.csv",
                "to stderr");
        assertThat(sink.lines(  "worker-0")).hasSameSizeAs(sink.lines());

        assertThat(storeDir.resolve("bucket/ok-job/out/model.json")).hasContent("{\"w\": [1, 2]}");
        assertThat(storeDir.resolve("bucket/ok-job/out/sub/metrics.txt")).hasContent("accuracy=0.9");
        assertThat(sink.infos()).contains("Training finished. Exit code 0.", "Training output(parameter name: train_url) Uploading.");

        Path logFile = root.resolve("home/ma-user/modelarts/log/modelarts-job-" + ((LocalJobHandle) job.handle()).jobId() + "-worker-0.log");
        assertThat(logFile).exists();
        assertThat(Files.readString(logFile)).contains("to stderr", "[ModelArts Service Log] status: Running", "ENV RANK=0");
        assertThat(JobResultFile.read(root)).isNotNull().extracting(JobResult::status).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void hostileHyperparameterValuesArriveAsOneArgumentAndRunNothing() throws Exception {
        code("""
                import json, sys
                print("ARGV " + json.dumps(sys.argv[1:]))
                """);
        data();
        RecordingSink sink = new RecordingSink();
        Path marker = tmp.resolve("pwned");
        JobPlan plan = plan(job("hostile", """
                hyperparameters:
                  a: "a b'; touch pwned #"
                  b: "$(touch %1$s)"
                  c: "`touch %1$s`"
                  d: "x\\" ; touch %1$s ; echo \\""
                  e: "*"
                  f: ""
                  g: "--train_url=/etc"
                  h: "line1\\nline2"
                  i: "${HOME} $$ \\\\ ü"
                """.formatted(marker)), tmp);

        JobResult result = await(backend.submit(plan, sink));

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        String argv = line(sink, "ARGV ");
        assertThat(argv).contains(
                "\"--a=a b'; touch pwned #\"",
                "\"--b=$(touch " + marker + ")\"",
                "\"--c=`touch " + marker + "`\"",
                "\"--d=x\\\" ; touch " + marker + " ; echo \\\"\"",
                "\"--e=*\"",
                "\"--f=\"",
                "\"--g=--train_url=/etc\"",
                "\"--h=line1\\nline2\"",
                "\"--i=${HOME} $$ \\\\ \\u00fc\"");
        assertThat(marker).doesNotExist();
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("pwned")).toList()).isEmpty();
        }
    }

    @Test
    void failingScriptEndsFailedAndItsOutputsAreStillSynced() throws Exception {
        code("""
                import os, sys, argparse
                p = argparse.ArgumentParser()
                p.add_argument("--train_url")
                args, _ = p.parse_known_args()
                with open(os.path.join(args.train_url, "partial.txt"), "w") as f:
                    f.write("half done")
                print("about to fail")
                sys.exit(1)
                """);
        data();
        RecordingSink sink = new RecordingSink();

        JobResult result = await(backend.submit(plan(job("fails", ""), tmp), sink));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.worker()).isEqualTo("worker-0");
        assertThat(sink.statuses()).endsWith(JobStatus.FAILED);
        assertThat(sink.events().get(sink.events().size() - 1).text()).isEqualTo("worker-0 exit code 1");
        assertThat(storeDir.resolve("bucket/fails/out/partial.txt")).hasContent("half done");
        List<String> infos = sink.infos();
        assertThat(infos.indexOf("Training finished. Exit code 1."))
                .isLessThan(infos.indexOf("Training output(parameter name: train_url) Uploading."));
    }

    @Test
    void autoRestartResumesFromThePredownloadedCheckpoint() throws Exception {
        code("""
                import os, sys, argparse
                p = argparse.ArgumentParser()
                p.add_argument("--train_url")
                args, _ = p.parse_known_args()
                ckpt = os.path.join(args.train_url, "checkpoint.txt")
                if os.path.exists(ckpt):
                    epoch = int(open(ckpt).read())
                    print("resumed from checkpoint epoch %d" % epoch)
                    with open(os.path.join(args.train_url, "model.txt"), "w") as f:
                        f.write("trained %d epochs" % (epoch + 2))
                else:
                    print("no checkpoint: starting fresh")
                    with open(ckpt, "w") as f:
                        f.write("5")
                    print("simulated crash")
                    sys.exit(3)
                """);
        data();
        RecordingSink sink = new RecordingSink();
        JobPlan plan = plan("""
                name: restart
                algorithm:
                  image: local
                  codeDir: src/demo-code
                  bootCommand: python3 ${MA_JOB_DIR}/demo-code/train.py
                outputs:
                  - dataPath: obs://bucket/restart/out/
                    predownload: true
                autoRestart: 2
                """, tmp);

        JobResult result = await(backend.submit(plan, sink));

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(sink.infos()).contains("Attempt 1 of 3", "Attempt 2 of 3: restarting the job (auto restart)")
                .anyMatch(i -> i.startsWith("Attempt 1 of 3 failed: worker-0 exited with code 3"))
                .anyMatch(i -> i.startsWith("Predownloading output train_url"));
        assertThat(sink.lines()).containsSubsequence("no checkpoint: starting fresh", "simulated crash",
                "resumed from checkpoint epoch 5");
        assertThat(storeDir.resolve("bucket/restart/out/model.txt")).hasContent("trained 7 epochs");
        assertThat(sink.statuses()).containsExactly(JobStatus.CREATING, JobStatus.PENDING, JobStatus.RUNNING, JobStatus.COMPLETED);
    }

    @Test
    void stopKillsTheWholeProcessTreeAndStillSyncsOutputs() throws Exception {
        code("""
                import os, subprocess, sys, time, argparse
                p = argparse.ArgumentParser()
                p.add_argument("--train_url")
                args, _ = p.parse_known_args()
                child = subprocess.Popen(["sleep", "300"])
                # a grandchild whose parent exits at once: no longer a descendant, still in the group
                orphan = subprocess.Popen(["/bin/sh", "-c", "sleep 300 & echo $!"], stdout=subprocess.PIPE)
                orphan_pid = int(orphan.stdout.readline())
                with open(os.path.join(args.train_url, "epoch1.txt"), "w") as f:
                    f.write("checkpoint")
                print("PIDS %d %d %d" % (os.getpid(), child.pid, orphan_pid), flush=True)
                time.sleep(300)
                """);
        data();
        RecordingSink sink = new RecordingSink();
        RunningJob job = backend.submit(plan(job("stopped", ""), tmp), sink);

        String pids = sink.awaitLine(l -> l.startsWith("PIDS "));
        job.stop("stopped by the test");
        JobResult result = await(job);

        assertThat(result.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).isEqualTo("stopped by the test");
        assertThat(sink.statuses()).endsWith(JobStatus.TERMINATING, JobStatus.TERMINATED);
        for (String pid : pids.substring(5).split(" ")) {
            awaitDead(Long.parseLong(pid));
        }
        assertThat(storeDir.resolve("bucket/stopped/out/epoch1.txt")).hasContent("checkpoint");
        job.stop("again"); // harmless
    }

    @Test
    void autoStopEndsTheJobAtTheDeadline() throws Exception {
        code("""
                import time
                print("started", flush=True)
                time.sleep(300)
                """);
        data();
        LocalBackend fast = new LocalBackend(store, backend.options().withAutoStopHour(Duration.ofMillis(300)));
        RecordingSink sink = new RecordingSink();

        JobResult result = await(fast.submit(plan(job("deadline", "autoStop: 1h"), tmp), sink));

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).isEqualTo("auto stop after 1h");
        assertThat(sink.statuses()).containsSubsequence(JobStatus.RUNNING, JobStatus.TERMINATING, JobStatus.TERMINATED);
        assertThat(sink.infos()).doesNotContain("Attempt 2 of 1");
    }

    @Test
    void outputsAreSyncedPeriodicallyWhileTheJobRuns() throws Exception {
        // the script waits until its own file shows up in the store: only a sync during the run can end it
        code("""
                import os, time, argparse
                p = argparse.ArgumentParser()
                p.add_argument("--train_url")
                p.add_argument("--store_file")
                args, _ = p.parse_known_args()
                with open(os.path.join(args.train_url, "progress.txt"), "w") as f:
                    f.write("epoch 1")
                for _ in range(600):
                    if os.path.exists(args.store_file):
                        print("seen in the store while running")
                        break
                    time.sleep(0.05)
                """);
        data();
        RecordingSink sink = new RecordingSink();
        JobPlan plan = plan(job("periodic", """
                hyperparameters:
                  store_file: "%s"
                """.formatted(storeDir.resolve("bucket/periodic/out/progress.txt"))), tmp);

        JobResult result = await(backend.submit(plan, sink));

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines()).contains("seen in the store while running");
    }

    @Test
    void presetImageRunsThePythonInterpreterOnTheBootFile() throws Exception {
        code("""
                import os, sys
                print("PRESET " + os.path.basename(sys.argv[0]) + " " + " ".join(sys.argv[1:]))
                print("PYTHONPATH " + os.environ["PYTHONPATH"])
                """);
        RecordingSink sink = new RecordingSink();
        LocalBackend withPython = new LocalBackend(store, backend.options().withPython("python3 -u"));
        JobPlan plan = plan("""
                name: preset
                algorithm:
                  bootMode: presetImage
                  engine: pytorch-2.3
                  codeDir: src/demo-code
                  bootFile: train.py
                hyperparameters:
                  lr: "0.1"
                """, tmp);

        RunningJob job = withPython.submit(plan, sink);
        JobResult result = await(job);

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines()).contains("PRESET train.py --lr=0.1");
        Path root = Path.of(((LocalJobHandle) job.handle()).jobDirectory());
        assertThat(line(sink, "PYTHONPATH ")).startsWith(root.resolve("home/ma-user/modelarts/user-job-dir").toString())
                .doesNotContain("${");
    }

    @Test
    void twoNodesRunTwoWorkersWithTheirOwnIndex() throws Exception {
        code("""
                import os
                print("I am %s of %s, hosts %s" % (os.environ["VC_TASK_INDEX"], os.environ["MA_NUM_HOSTS"], os.environ["VC_WORKER_HOSTS"]))
                """);
        RecordingSink sink = new RecordingSink();
        JobPlan plan = plan("""
                name: two
                algorithm:
                  image: local
                  codeDir: src/demo-code
                  bootCommand: python3 ${MA_JOB_DIR}/demo-code/train.py
                resources:
                  pool: none
                  type: CPU
                  flavor: none
                  nodes: 2
                """, tmp);

        JobResult result = await(backend.submit(plan, sink));

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).contains("I am 0 of 2, hosts localhost,localhost");
        assertThat(sink.lines("worker-1")).contains("I am 1 of 2, hosts localhost,localhost");
    }

    @Test
    void aMissingInputFailsTheJobBeforeAnythingRuns() throws Exception {
        code("print('never')");
        RecordingSink sink = new RecordingSink();

        JobResult result = await(backend.submit(plan(job("no-input", ""), tmp), sink));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.reason()).startsWith("staging input data_url failed: ").contains("does not exist");
        assertThat(sink.lines()).doesNotContain("never");
    }

    @Test
    void attachReportsAFinishedJobFromItsResultAndAnUnknownOneAsAbnormal() throws Exception {
        code("print('hi')");
        data();
        RunningJob job = backend.submit(plan(job("attach", ""), tmp), new RecordingSink());
        JobResult first = await(job);

        // the handle survives serialization (the Jenkins step persists it)
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(job.handle());
        }
        Object handle;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            handle = in.readObject();
        }
        assertThat(handle).isEqualTo(job.handle());

        try (LocalBackend other = new LocalBackend(store, backend.options())) {
            RecordingSink sink = new RecordingSink();
            JobResult again = await(other.attach((LocalJobHandle) handle, null, sink));
            assertThat(again.status()).isEqualTo(first.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(sink.statuses()).containsExactly(JobStatus.COMPLETED);

            JobResult unknown = await(other.attach(new LocalJobHandle("gone", "gone-1", tmp.resolve("nothing").toString()), null,
                    new RecordingSink()));
            assertThat(unknown.status()).isEqualTo(JobStatus.ABNORMAL);
            assertThat(unknown.reason()).startsWith("state unknown");
        }
    }

    @Test
    void withoutKeepingOnlyTheLogAndTheResultStay() throws Exception {
        code("print('hi')");
        data();
        LocalBackend tidy = new LocalBackend(store, backend.options().withKeepJobDirectory(false));
        RunningJob job = tidy.submit(plan(job("tidy", ""), tmp), new RecordingSink());
        await(job);

        Path root = Path.of(((LocalJobHandle) job.handle()).jobDirectory());
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList())
                    .containsExactlyInAnyOrder(JobResultFile.NAME,
                            "home/ma-user/modelarts/log/modelarts-job-" + ((LocalJobHandle) job.handle()).jobId() + "-worker-0.log");
        }
        assertThat(store.list(ObjectUri.parse("obs://bucket/tidy/out/"))).isEmpty();
    }

    static String line(RecordingSink sink, String prefix) {
        return sink.lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in\n" + sink.transcript()));
    }

    static void awaitDead(long pid) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("process " + pid + " is still alive");
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}

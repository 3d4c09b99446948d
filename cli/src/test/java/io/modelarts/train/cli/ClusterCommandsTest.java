package io.modelarts.train.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.backend.kubernetes.KubernetesBackendOptions;
import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster commands ({@code run --backend kubernetes}, {@code status}, {@code logs}, {@code stop}) through the
 * command line's Main and the real {@link KubernetesClusterAccess}, against the test cluster (a mock API server whose
 * test kubelet runs the Jobs created in it). Only the connection differs from a real run: it goes to the test cluster.
 */
class ClusterCommandsTest {

    private static final long TIMEOUT_SECONDS = 60;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static KubeTestCluster cluster;
    static KubernetesClient client;

    @TempDir
    Path tmp;

    String ns;
    Path pools;
    Path job;
    ClusterAccess access;

    @BeforeAll
    static void startCluster() {
        cluster = KubeTestCluster.start();
        client = cluster.newClient();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        ns = "cli-" + COUNTER.incrementAndGet();
        KubernetesBackendOptions options = KubernetesBackendOptions.DEFAULTS.withReconcileInterval(Duration.ofSeconds(2))
                .withStopTimeout(STOP_TIMEOUT);
        access = new KubernetesClusterAccess(catalog -> new KubernetesBackend(client, catalog, options));
        pools = tmp.resolve("pools.yaml");
        Files.writeString(pools, """
                pools:
                  - name: cpu-pool
                    type: dedicated
                    namespace: %s
                    flavors:
                      - {id: cpu-2, type: CPU, cpu: "2", memory: 8Gi, disk: 50Gi}
                storage:
                  endpoint: https://obs.example.com
                  region: example-1
                  credentialsSecret: obs-keys
                kubernetes:
                  transferImage: registry.example.com/tools/rclone:1.68
                """.formatted(ns));
        job = tmp.resolve("job.yaml");
        Files.writeString(job, """
                name: cli_demo
                algorithm:
                  image: registry.example.com/team/pytorch:2.3
                  codeDir: obs://bucket/code/
                  bootCommand: python ${MA_JOB_DIR}/code/train.py
                outputs:
                  - dataPath: obs://bucket/out/
                resources: {pool: cpu-pool, type: CPU, flavor: cpu-2, nodes: 1}
                """);
        Files.createDirectories(tmp.resolve("store/bucket/code"));
        Files.writeString(tmp.resolve("store/bucket/code/train.py"), "print('trained')\n");
    }

    @AfterEach
    void releasePods() {
        cluster.kubelet().signal("end-" + ns);
        for (Pod p : cluster.apiClient().pods().inNamespace(ns).list().getItems()) {
            if (p.getMetadata().getFinalizers() != null && !p.getMetadata().getFinalizers().isEmpty()) {
                cluster.apiClient().pods().inNamespace(ns).withName(p.getMetadata().getName()).edit(q -> {
                    q.getMetadata().setFinalizers(new ArrayList<>());
                    return q;
                });
            }
        }
        assertThat(cluster.kubelet().errors(ns)).as("errors in the test kubelet").isEmpty();
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), access).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code status}, {@code logs} or {@code stop} of {@code name} in the test's namespace, with {@code more} options. */
    Result onJob(String command, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(command, name, "--pools", pools.toString(), "--namespace", ns));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    CompletableFuture<Result> runInBackground() {
        return CompletableFuture.supplyAsync(() -> cli("run", job.toString(), "--pools", pools.toString(), "--backend", "kubernetes",
                "--store", tmp.resolve("store").toString(), "--artifacts", tmp.resolve("artifacts").toString()));
    }

    void behaviour(WorkerBehaviour b) {
        cluster.kubelet().behaviour(ns, b);
    }

    /** A worker that prints two lines, then runs until the test ends it (signal {@code end-NS}). */
    void runsUntilEnded() {
        behaviour(pod -> {
            pod.start();
            pod.log("epoch 1", "epoch 2");
            pod.await("end-" + pod.namespace());
            pod.log("done");
            pod.exit(0);
        });
    }

    static <T> T within(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        Result r;
        do {
            Thread.sleep(100);
            r = onJob("status", "cli_demo");
        } while (!r.out().contains("Running") && System.nanoTime() < deadline);
        assertThat(r.out()).as(r.toString()).contains("Running");
    }

    @Test
    void runOnKubernetesFollowsTheJobToItsEnd() {
        behaviour(pod -> {
            pod.start();
            pod.log("epoch 1", "epoch 2");
            pod.exit(0);
        });
        Result r = cli("run", job.toString(), "--pools", pools.toString(), "--backend", "kubernetes",
                "--store", tmp.resolve("store").toString(), "--artifacts", tmp.resolve("artifacts").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("Running job cli_demo on the kubernetes backend", "Created Kubernetes Job " + ns + "/",
                "epoch 1", "epoch 2", "Completed");
    }

    @Test
    void statusAndLogsOfARunningJobThenItsEnd() throws Exception {
        runsUntilEnded();
        CompletableFuture<Result> run = runInBackground();
        awaitRunning();

        Result status = onJob("status", "cli_demo");
        assertThat(status.code()).as(status.toString()).isEqualTo(ExitCodes.OK);
        assertThat(status.out()).contains("cli_demo (" + ns + "/", "Running", "attempt 1 of 1, 1 node", "worker-0: pod ");

        Result logs = onJob("logs", "cli_demo");
        assertThat(logs.code()).as(logs.toString()).isEqualTo(ExitCodes.OK);
        assertThat(logs.out()).contains("epoch 1", "epoch 2").doesNotContain("done");

        CompletableFuture<Result> follow = CompletableFuture.supplyAsync(() -> onJob("logs", "cli_demo", "--follow"));
        cluster.kubelet().signal("end-" + ns);
        Result followed = within(follow);
        assertThat(followed.code()).as(followed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(followed.out()).contains("epoch 1", "epoch 2", "done");
        assertThat(within(run).code()).isEqualTo(ExitCodes.OK);

        Result ended = onJob("status", "cli_demo");
        assertThat(ended.out()).as(ended.toString()).contains("Completed");
        Result stopEnded = onJob("stop", "cli_demo");
        assertThat(stopEnded.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(stopEnded.err()).contains("job cli_demo has already ended (Completed); there is nothing to stop");
    }

    @Test
    void stopDeletesARunningJobAndItsPods() throws Exception {
        runsUntilEnded();
        CompletableFuture<Result> run = runInBackground();
        awaitRunning();

        Result stop = onJob("stop", "cli_demo");
        assertThat(stop.code()).as(stop.toString()).isEqualTo(ExitCodes.OK);
        assertThat(stop.out()).contains("stopped cli_demo");
        assertThat(cluster.apiClient().pods().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(within(run).out()).contains("was deleted outside modelarts-train");

        Result again = onJob("stop", "cli_demo");
        assertThat(again.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(again.err()).contains("job cli_demo not found");
    }

    @Test
    void aStopWhosePodOutlastsTheStopTimeoutSaysSo() throws Exception {
        runsUntilEnded();
        CompletableFuture<Result> run = runInBackground();
        awaitRunning();
        // a finalizer nobody removes: the pod stays Terminating, as one on a lost node does
        Pod pod = cluster.apiClient().pods().inNamespace(ns).list().getItems().get(0);
        cluster.apiClient().pods().inNamespace(ns).withName(pod.getMetadata().getName()).edit(p -> {
            p.getMetadata().setFinalizers(List.of("test.modelarts.io/hold"));
            return p;
        });

        Result stop = onJob("stop", "cli_demo");
        assertThat(stop.code()).as(stop.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(stop.err()).contains("stopping cli_demo timed out: its Kubernetes Jobs are deleted, but its pods were still "
                + "terminating at the end of the stop timeout");
        within(run);
    }

    @Test
    void withoutNamespaceTheCommandsFindTheJobInItsPoolsNamespace() throws Exception {
        runsUntilEnded();
        CompletableFuture<Result> run = runInBackground();
        awaitRunning();
        // the client's own namespace ("test", as a kubeconfig context's) has no such job: the pool's has
        assertThat(client.getNamespace()).isNotEqualTo(ns);

        Result status = cli("status", "cli_demo", "--pools", pools.toString());
        assertThat(status.code()).as(status.toString()).isEqualTo(ExitCodes.OK);
        assertThat(status.out()).contains("cli_demo (" + ns + "/", "Running");
        Result logs = cli("logs", "cli_demo", "--pools", pools.toString());
        assertThat(logs.out()).as(logs.toString()).contains("epoch 1", "epoch 2");
        Result stop = cli("stop", "cli_demo", "--pools", pools.toString());
        assertThat(stop.code()).as(stop.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cluster.apiClient().pods().inNamespace(ns).list().getItems()).isEmpty();
        within(run);

        Result none = cli("status", "cli_demo", "--pools", pools.toString());
        assertThat(none.code()).isEqualTo(ExitCodes.ERROR);
        assertThat(none.err()).contains("job cli_demo not found (looked in the kubeconfig context's namespace, " + ns + ")");
        Result elsewhere = cli("status", "cli_demo");
        assertThat(elsewhere.err()).as("without a catalog, only the kubeconfig's namespace")
                .contains("job cli_demo not found (looked in the kubeconfig context's namespace)");
    }

    @Test
    void unknownJobsAreNotFound() {
        for (String command : List.of("status", "logs", "stop")) {
            Result r = onJob(command, "no_such_job");
            assertThat(r.code()).as(command + "\n" + r).isEqualTo(ExitCodes.ERROR);
            assertThat(r.err()).contains("job no_such_job not found (looked in " + ns + ")");
        }
    }
}

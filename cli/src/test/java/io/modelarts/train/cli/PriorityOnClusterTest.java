package io.modelarts.train.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.TestHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code modelarts-train priority NAME N --pools FILE} against a test API server: the pool catalog tells a pool of
 * plain PriorityClasses (refused, by the pool's name) from a Kueue pool (changed).
 */
class PriorityOnClusterTest {

    static final ResourceDefinitionContext WORKLOAD_PRIORITY_CLASSES = new ResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withPlural("workloadpriorityclasses").withKind("WorkloadPriorityClass")
            .withNamespaced(false).build();
    static final AtomicInteger COUNTER = new AtomicInteger();
    static KubeTestCluster cluster;
    static String clientBefore;

    @TempDir
    Path tmp;
    String ns;
    Path pools;

    @BeforeAll
    static void start() {
        // the command line's HTTP client for the code under test (the test cluster's kubelet takes the other one)
        clientBefore = System.setProperty(TestHttpClient.PROPERTY, "jdk");
        cluster = KubeTestCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        if (clientBefore == null) {
            System.clearProperty(TestHttpClient.PROPERTY);
        } else {
            System.setProperty(TestHttpClient.PROPERTY, clientBefore);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        ns = "priority-" + COUNTER.incrementAndGet();
        pools = tmp.resolve("pools.yaml");
        Files.writeString(pools, """
                pools:
                  - name: plain-pool
                    type: dedicated
                    namespace: %1$s
                    priorityClasses: {1: train-low, 2: train-normal, 3: train-high}
                    flavors: [{id: cpu-2, type: CPU, cpu: 2, memory: 8Gi}]
                  - name: kueue-pool
                    type: dedicated
                    namespace: %1$s
                    queue: team-q
                    priorityClasses: {1: wl-low, 2: wl-normal, 3: wl-high}
                    flavors: [{id: cpu-2, type: CPU, cpu: 2, memory: 8Gi}]
                """.formatted(ns));
    }

    /** Creates the Job the tool would submit for a job in {@code pool}, suspended (pending, as Kueue holds it). */
    void submitPending(String name, String pool) throws IOException {
        Path job = tmp.resolve(name + ".yaml");
        Files.writeString(job, """
                name: %s
                algorithm: {image: registry.example.com/team/train:1, bootCommand: python train.py}
                resources: {pool: %s, type: CPU, flavor: cpu-2}
                priority: 1
                """.formatted(name, pool));
        JobPreparation prep = JobPreparation.fromFiles(job, pools, false);
        assertThat(prep.isReady()).as(prep.problems().toString()).isTrue();
        List<HasMetadata> objects = new KubernetesBackend(cluster.newClient(), prep.catalog()).renderer().render(prep.plan(), 1, ns);
        Job k8sJob = (Job) objects.get(0);
        k8sJob.getSpec().setSuspend(true);
        cluster.apiClient().batch().v1().jobs().inNamespace(ns).resource(k8sJob).create();
    }

    MainTest.Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ClusterAccess access = new KubernetesClusterAccess((PoolCatalog catalog) -> new KubernetesBackend(cluster.newClient(), catalog));
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), access).execute(args);
        return new MainTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void aPoolOfPlainPriorityClassesIsRefusedByName() throws IOException {
        submitPending("plain-job", "plain-pool");

        MainTest.Result r = cli("priority", "plain-job", "2", "--pools", pools.toString(), "--namespace", ns);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("pool 'plain-pool' uses PriorityClasses without Kueue", "stop it and submit it again with priority 2");
    }

    @Test
    void aKueuePoolIsRecognisedAndThePriorityChanges() throws IOException {
        GenericKubernetesResource wpc = new GenericKubernetesResourceBuilder().withApiVersion("kueue.x-k8s.io/v1beta1")
                .withKind("WorkloadPriorityClass").withNewMetadata().withName("wl-normal").endMetadata().build();
        wpc.setAdditionalProperty("value", 200);
        cluster.apiClient().genericKubernetesResources(WORKLOAD_PRIORITY_CLASSES).resource(wpc).createOr(r -> r.update());
        submitPending("kueue-job", "kueue-pool");

        MainTest.Result r = cli("priority", "kueue-job", "2", "--pools", pools.toString(), "--namespace", ns);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("job kueue-job: priority 2 (WorkloadPriorityClass wl-normal, value 200)");
        Job after = cluster.apiClient().batch().v1().jobs().inNamespace(ns).list().getItems().get(0);
        assertThat(after.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/priority-class", "wl-normal");
    }

    @Test
    void aCatalogWithoutTheJobsPoolIsInvalid() throws IOException {
        submitPending("lost-job", "kueue-pool");
        Path other = tmp.resolve("other-pools.yaml");
        Files.writeString(other, "pools:\n  - {name: elsewhere, type: dedicated, namespace: other-ns, queue: q,"
                + " priorityClasses: {1: a, 2: b, 3: c}}\n");

        MainTest.Result r = cli("priority", "lost-job", "2", "--pools", other.toString(), "--namespace", ns);

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no pool of the pool catalog runs in namespace " + ns, "(--pools)");
    }
}

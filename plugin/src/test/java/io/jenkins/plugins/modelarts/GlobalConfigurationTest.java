package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.fabric8.kubernetes.client.Config;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The global configuration becomes the engine's pool catalog through the same loader as a pool file. */
class GlobalConfigurationTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    @AfterEach
    void reset() {
        ClientCache.get().closeAll();
    }

    static final String POOL_FILE = """
            pools:
              - name: gpu-pool
                type: dedicated
                namespace: ml-train
                queue: team-a
                priorityClasses: {1: train-low, 2: train-normal, 3: train-high}
                nodeSelector: {pool: gpu}
                tolerations:
                  - {key: dedicated, operator: Equal, value: training, effect: NoSchedule}
                flavors:
                  - id: gpu-1x
                    type: GPU
                    cpu: 8
                    memory: 64Gi
                    gpus: 1
                    disk: 800Gi
                    maxNodes: 4
                    nodeSelector: {gpu-type: v100}
                engines:
                  - name: pytorch-2.3
                    image: registry.example.com/preset/pytorch:2.3
                storages:
                  - name: pfs-a
                    claim: pfs-a-pvc
            storage:
              endpoint: https://obs.example.com
              region: example-1
              pathStyle: false
              credentialsSecret: obs-credentials
            kubernetes:
              transferImage: registry.example.com/tools/rclone:1.68
              ttlSecondsAfterFinished: 3600
            """;

    static ModelArtsGlobalConfiguration configureLikeThePoolFile() {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        ResourcePool pool = new ResourcePool("gpu-pool");
        pool.setType("dedicated");
        pool.setNamespace("ml-train");
        pool.setQueue("team-a");
        pool.setPriorityClasses(List.of(new PriorityClassMapping(1, "train-low"), new PriorityClassMapping(2, "train-normal"),
                new PriorityClassMapping(3, "train-high")));
        pool.setNodeSelector(List.of(new NodeLabel("pool", "gpu")));
        PoolToleration t = new PoolToleration();
        t.setKey("dedicated");
        t.setOperator("Equal");
        t.setValue("training");
        t.setEffect("NoSchedule");
        pool.setTolerations(List.of(t));
        PoolFlavor f = new PoolFlavor("gpu-1x");
        f.setType("GPU");
        f.setCpu("8");
        f.setMemory("64Gi");
        f.setGpus(1);
        f.setDisk("800Gi");
        f.setMaxNodes(4);
        f.setNodeSelector(List.of(new NodeLabel("gpu-type", "v100")));
        pool.setFlavors(List.of(f));
        pool.setEngines(List.of(new PoolEngine("pytorch-2.3", "registry.example.com/preset/pytorch:2.3")));
        pool.setStorages(List.of(new StorageClaim("pfs-a", "pfs-a-pvc")));
        config.setPools(List.of(pool));
        ObjectStoreSettings os = new ObjectStoreSettings();
        os.setEndpoint("https://obs.example.com");
        os.setRegion("example-1");
        os.setCredentialsSecret("obs-credentials");
        os.setCredentialsId("obs-keys");
        config.setObjectStore(os);
        config.setTransferImage("registry.example.com/tools/rclone:1.68");
        config.setTtlSecondsAfterFinished(3600);
        return config;
    }

    @Test
    void theFormsCatalogEqualsThePoolFile() throws Exception {
        PoolCatalog fromConfig = configureLikeThePoolFile().toCatalog();
        PoolCatalogLoader.Result fromFile = PoolCatalogLoader.loadText(POOL_FILE, "pools.yaml");

        assertThat(fromFile.problems()).isEmpty();
        assertThat(fromConfig).isEqualTo(fromFile.catalog());
    }

    @Test
    void anInvalidCatalogRefusesJobsNamingTheField() {
        ModelArtsGlobalConfiguration config = configureLikeThePoolFile();
        PoolFlavor bad = new PoolFlavor("broken");
        bad.setType("GPU");
        bad.setMemory("lots");
        ResourcePool pool = config.getPools().get(0);
        pool.setFlavors(List.of(pool.getFlavors().get(0), bad));

        assertThatThrownBy(config::toCatalog).isInstanceOf(AbortException.class)
                .hasMessageContaining("pools[0].flavors[1].memory").hasMessageContaining("pools[0].flavors[1].gpus");
    }

    @Test
    void clustersAreFoundByNameOrTheFirstIsTaken() throws Exception {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        assertThatThrownBy(() -> config.cluster(null)).isInstanceOf(AbortException.class).hasMessageContaining("No Kubernetes cluster");
        config.setClusters(List.of(new KubernetesCluster("a"), new KubernetesCluster("b")));
        assertThat(config.cluster(null).getName()).isEqualTo("a");
        assertThat(config.cluster("b").getName()).isEqualTo("b");
        assertThatThrownBy(() -> config.cluster("c")).hasMessageContaining("'c'").hasMessageContaining("a, b");
    }

    @Test
    void aTokenClusterConnectsToItsServerWithItsNamespaceAndOwnTlsSetting() {
        KubernetesCluster c = new KubernetesCluster("k");
        c.setServerUrl("https://k8s.example.com:6443");
        c.setNamespace("ml-train");
        c.setSkipTlsVerify(true);
        Config config = KubernetesClients.config(c, ClusterAuth.token("abc123"));

        assertThat(config.getMasterUrl()).startsWith("https://k8s.example.com:6443");
        assertThat(config.getNamespace()).isEqualTo("ml-train");
        assertThat(config.isTrustCerts()).isTrue();
        assertThat(config.getOauthToken()).isEqualTo("abc123");
        assertThat(ClusterAuth.token("abc123").toString()).doesNotContain("abc123");
    }

    @Test
    void aKubeconfigClusterUsesTheNamedContextAndTheOverrides() {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: a
                    cluster: {server: "https://a.example.com"}
                  - name: b
                    cluster: {server: "https://b.example.com"}
                users:
                  - name: u
                    user: {token: tok-b}
                contexts:
                  - name: ctx-a
                    context: {cluster: a, user: u, namespace: ns-a}
                  - name: ctx-b
                    context: {cluster: b, user: u, namespace: ns-b}
                current-context: ctx-a
                """;
        KubernetesCluster c = new KubernetesCluster("k");
        assertThat(KubernetesClients.config(c, ClusterAuth.kubeconfig(kubeconfig)).getMasterUrl()).startsWith("https://a.example.com");
        c.setContext("ctx-b");
        Config b = KubernetesClients.config(c, ClusterAuth.kubeconfig(kubeconfig));
        assertThat(b.getMasterUrl()).startsWith("https://b.example.com");
        assertThat(b.getNamespace()).isEqualTo("ns-b");
        assertThat(b.isTrustCerts()).isFalse();
        c.setNamespace("override");
        assertThat(KubernetesClients.config(c, ClusterAuth.kubeconfig(kubeconfig)).getNamespace()).isEqualTo("override");
    }

    @Test
    void kubeconfigSecretsAreFoundForMasking() {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: c
                    cluster: {server: "https://k8s.example.com"}
                users:
                  - name: u
                    user:
                      token: the-token-value
                      client-key-data: a2V5LWRhdGE=
                contexts:
                  - name: x
                    context: {cluster: c, user: u}
                current-context: x
                """;
        assertThat(JobSetup.secretsOf(ClusterAuth.kubeconfig(kubeconfig))).containsExactlyInAnyOrder("the-token-value", "a2V5LWRhdGE=");
    }

    @Test
    void savingTheConfigurationRetiresCachedClients() {
        MockCluster.get();
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        config.setClusters(List.of(new KubernetesCluster("k")));
        PoolCatalog catalog = new PoolCatalog(List.of(), null, null);
        ClientCache.Lease lease = ClientCache.get().lease(config.getClusters().get(0), ClusterAuth.NONE, catalog);
        ClientCache.Lease again = ClientCache.get().lease(config.getClusters().get(0), ClusterAuth.NONE, catalog);
        assertThat(again.backend()).isSameAs(lease.backend());
        assertThat(ClientCache.get().size()).isEqualTo(1);

        config.setTransferImage("registry.example.com/tools/rclone:1.69");

        assertThat(ClientCache.get().size()).isZero();
        ClientCache.Lease fresh = ClientCache.get().lease(config.getClusters().get(0), ClusterAuth.NONE, catalog);
        assertThat(fresh.backend()).isNotSameAs(lease.backend());
        lease.close();
        again.close();
        fresh.close();
    }
}

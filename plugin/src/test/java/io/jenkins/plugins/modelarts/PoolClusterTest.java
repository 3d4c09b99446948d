package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.util.FormValidation;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.pool.PoolCatalog;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pool names the configured cluster it lives in: its jobs run there, and the cluster's periodic work looks there. */
class PoolClusterTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    private ModelArtsGlobalConfiguration config;

    @BeforeEach
    void setUp() {
        config = ModelArtsGlobalConfiguration.get();
        config.setClusters(List.of(new KubernetesCluster("main"), new KubernetesCluster("gpu-east")));
        ResourcePool east = new ResourcePool("east");
        east.setType("dedicated");
        east.setNamespace("ml-east");
        east.setCluster("gpu-east");
        ResourcePool local = new ResourcePool("local");
        local.setType("dedicated");
        local.setNamespace("ml-main");
        config.setPools(List.of(east, local));
    }

    @Test
    void aJobRunsInItsPoolsCluster() throws Exception {
        PoolCatalog catalog = config.toCatalog();
        assertThat(catalog.pool("east").orElseThrow().cluster()).isEqualTo("gpu-east");
        assertThat(config.cluster(JobSetup.clusterOfPool(null, "east", catalog)).getName()).isEqualTo("gpu-east");
        assertThat(config.cluster(JobSetup.clusterOfPool("gpu-east", "east", catalog)).getName()).isEqualTo("gpu-east");
        // a pool without a cluster: the step's, else the default
        assertThat(config.cluster(JobSetup.clusterOfPool(null, "local", catalog)).getName()).isEqualTo("main");
        assertThat(config.cluster(JobSetup.clusterOfPool("gpu-east", "local", catalog)).getName()).isEqualTo("gpu-east");
        assertThatThrownBy(() -> JobSetup.clusterOfPool("main", "east", catalog)).isInstanceOf(AbortException.class)
                .hasMessageContaining("'main'").hasMessageContaining("pool 'east' lives in cluster 'gpu-east'");
    }

    @Test
    void eachClustersHeartbeatAndCleanupLookAtItsOwnPools() throws Exception {
        MockCluster.get();
        PoolCatalog catalog = config.toCatalog();
        for (String name : List.of("gpu-east", "main")) {
            KubernetesCluster cluster = config.cluster(name);
            try (ClientCache.Lease lease = ClientCache.get().lease(cluster, ClusterAuth.NONE, catalog)) {
                String own = name.equals("main") ? "ml-main" : "ml-east";
                assertThat(OrphanedJobCleanup.namespaces(catalog, lease.backend(), cluster))
                        .containsExactly(own, lease.backend().defaultNamespace());
            }
        }
    }

    @Test
    void anUnknownClusterIsAWarningInTheForm() {
        ResourcePool.DescriptorImpl d = new ResourcePool.DescriptorImpl();
        assertThat(d.doCheckCluster("gpu-east").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckCluster("").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation v = d.doCheckCluster("gpu-west");
        assertThat(v.kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(v.getMessage()).contains("gpu-west");
    }
}

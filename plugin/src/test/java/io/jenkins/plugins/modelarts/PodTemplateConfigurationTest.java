package io.jenkins.plugins.modelarts;

import hudson.util.FormValidation;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Pools' and flavors' pod templates, shmSize and allowRoot in the global configuration: the same catalog as a pool file. */
class PodTemplateConfigurationTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    @AfterEach
    void reset() {
        ClientCache.get().closeAll();
    }

    static final String TEMPLATE = """
            metadata:
              labels: {team: vision}
            spec:
              serviceAccountName: trainer
              imagePullSecrets: [{name: regcred}]
            """;

    @Test
    void theFormsTemplatesEqualThePoolFiles() throws Exception {
        ModelArtsGlobalConfiguration config = GlobalConfigurationTest.configureLikeThePoolFile();
        ResourcePool pool = config.getPools().get(0);
        assertThat(pool.isAllowRoot()).as("the default").isTrue();
        pool.setAllowRoot(false);
        pool.setPodTemplate(TEMPLATE);
        PoolFlavor flavor = pool.getFlavors().get(0);
        flavor.setShmSize("16Gi");
        flavor.setPodTemplate("spec: {runtimeClassName: nvidia}");

        PoolCatalog fromConfig = config.toCatalog();
        String file = GlobalConfigurationTest.POOL_FILE
                .replace("    nodeSelector: {pool: gpu}\n", "    nodeSelector: {pool: gpu}\n    allowRoot: false\n    podTemplate:\n"
                        + TEMPLATE.indent(6))
                .replace("        nodeSelector: {gpu-type: v100}\n", "        nodeSelector: {gpu-type: v100}\n        shmSize: 16Gi\n"
                        + "        podTemplate: {spec: {runtimeClassName: nvidia}}\n");
        PoolCatalogLoader.Result fromFile = PoolCatalogLoader.loadText(file, "pools.yaml");
        assertThat(fromFile.problems()).isEmpty();
        assertThat(fromConfig).isEqualTo(fromFile.catalog());
        Pool p = fromConfig.pools().get(0);
        assertThat(p.allowRoot()).isFalse();
        assertThat(p.podTemplate().getSpec().getServiceAccountName()).isEqualTo("trainer");
        Flavor f = p.flavors().get(0);
        assertThat(f.shmSize()).isEqualTo("16Gi");
        assertThat(f.podTemplate().getSpec().getRuntimeClassName()).isEqualTo("nvidia");
    }

    @Test
    void theFormChecksNameTheFieldOfTheTemplate() {
        ResourcePool.DescriptorImpl pools = new ResourcePool.DescriptorImpl();
        assertThat(pools.doCheckPodTemplate(TEMPLATE).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(pools.doCheckPodTemplate("").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation unknown = pools.doCheckPodTemplate("spec: {serviceAcountName: x}");
        assertThat(unknown.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(unknown.getMessage()).contains("spec.serviceAcountName: unknown field of PodSpec");
        FormValidation owned = pools.doCheckPodTemplate("spec: {containers: [{name: train, image: x}]}");
        assertThat(owned.getMessage()).contains("spec.containers[0].image: of the train container is set by modelarts-train");
        assertThat(pools.doCheckPodTemplate("spec: [").kind).isEqualTo(FormValidation.Kind.ERROR);

        PoolFlavor.DescriptorImpl flavors = new PoolFlavor.DescriptorImpl();
        assertThat(flavors.doCheckShmSize("64GB").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(flavors.doCheckShmSize("64Gi").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(flavors.doCheckPodTemplate("metadata: {name: x}").getMessage())
                .contains("metadata.name: is set by modelarts-train");
    }
}

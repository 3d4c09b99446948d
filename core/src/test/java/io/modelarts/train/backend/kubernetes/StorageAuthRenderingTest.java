package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.pool.PoolCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** How the transfer containers authenticate: key Secret with an optional session token, private CA, service account. */
class StorageAuthRenderingTest {

    private static final String CA_CATALOG = KubeFixtures.CATALOG.replace(
            "  credentialsSecret: obs-credentials\n", "  credentialsSecret: obs-credentials\n  caSecret: obs-ca\n");

    @Test
    void transfersReadAnOptionalSessionTokenFromTheKeySecret() {
        for (Container c : transfers(KubeFixtures.catalog())) {
            EnvVar token = env(c).get("RCLONE_CONFIG_OBS_SESSION_TOKEN");
            assertThat(token).as(c.getName()).isNotNull();
            assertThat(token.getValue()).isNull();
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(KubeFixtures.SECRET);
            assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AWS_SESSION_TOKEN");
            // permanent keys have no token: the pod must still start
            assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
            assertThat(env(c).get("RCLONE_CONFIG_OBS_ENV_AUTH").getValue()).isEqualTo("false");
        }
    }

    @Test
    void aPrivateCaSecretIsMountedIntoTheTransfersAndGivenToRclone() {
        PoolCatalog catalog = KubeFixtures.catalog(CA_CATALOG);
        assertThat(catalog.storage().caSecret()).isEqualTo("obs-ca");
        PodSpec spec = pod(catalog);
        Volume ca = spec.getVolumes().stream().filter(v -> v.getName().equals("storage-ca")).findFirst().orElseThrow();
        assertThat(ca.getSecret().getSecretName()).isEqualTo("obs-ca");
        assertThat(ca.getSecret().getItems()).singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.crt"));
        List<Container> transfers = spec.getInitContainers();
        assertThat(transfers).isNotEmpty();
        for (Container c : transfers) {
            assertThat(env(c).get("RCLONE_CA_CERT").getValue()).isEqualTo("/etc/modelarts-train/storage-ca/ca.crt");
            VolumeMount m = c.getVolumeMounts().stream().filter(v -> v.getName().equals("storage-ca")).findFirst().orElseThrow();
            assertThat(m.getMountPath()).isEqualTo("/etc/modelarts-train/storage-ca");
            assertThat(m.getReadOnly()).isTrue();
        }
        // the training code gets no CA mount it did not ask for
        assertThat(spec.getContainers().get(0).getVolumeMounts()).noneMatch(v -> v.getName().equals("storage-ca"));
    }

    @Test
    void withoutACaSecretNothingIsMounted() {
        PodSpec spec = pod(KubeFixtures.catalog());
        assertThat(spec.getVolumes()).noneMatch(v -> v.getName().equals("storage-ca"));
        for (Container c : spec.getInitContainers()) {
            assertThat(env(c)).doesNotContainKey("RCLONE_CA_CERT");
        }
    }

    @Test
    void withAServiceAccountAndNoKeySecretTheTransfersUseTheEnvironmentChain() {
        String yaml = PodTemplateTest.CATALOG.replace("  credentialsSecret: obs-credentials\n", "");
        PoolCatalog catalog = KubeFixtures.catalog(yaml);
        assertThat(catalog.storage().credentialsSecret()).isNull();
        PodSpec spec = pod(catalog);
        assertThat(spec.getServiceAccountName()).isEqualTo("trainer");
        for (Container c : spec.getInitContainers()) {
            Map<String, EnvVar> env = env(c);
            assertThat(env.get("RCLONE_CONFIG_OBS_ENV_AUTH").getValue()).as(c.getName()).isEqualTo("true");
            assertThat(env).doesNotContainKeys("RCLONE_CONFIG_OBS_ACCESS_KEY_ID", "RCLONE_CONFIG_OBS_SECRET_ACCESS_KEY",
                    "RCLONE_CONFIG_OBS_SESSION_TOKEN");
            assertThat(env.values()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
        }
    }

    @Test
    void aCaSecretThatIsNoSecretNameIsRefusedWithItsField() {
        String yaml = KubeFixtures.CATALOG.replace("  credentialsSecret: obs-credentials\n",
                "  credentialsSecret: obs-credentials\n  caSecret: Not_A_Name\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubeFixtures.catalog(yaml))
                .hasMessageContaining("storage.caSecret").hasMessageContaining("name of a Kubernetes Secret");
    }

    private static PodSpec pod(PoolCatalog catalog) {
        KubernetesRenderer renderer = new KubernetesRenderer(catalog);
        Job job = (Job) renderer.render(KubeFixtures.plan(KubeFixtures.SINGLE, catalog)).get(0);
        return job.getSpec().getTemplate().getSpec();
    }

    private static List<Container> transfers(PoolCatalog catalog) {
        List<Container> c = pod(catalog).getInitContainers();
        assertThat(c).isNotEmpty();
        return c;
    }

    private static Map<String, EnvVar> env(Container c) {
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> b, java.util.LinkedHashMap::new));
    }
}

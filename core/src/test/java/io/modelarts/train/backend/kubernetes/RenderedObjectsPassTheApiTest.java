package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.pool.PoolCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rendered object passes what the Kubernetes API server checks (see {@link ApiServerChecks}). */
class RenderedObjectsPassTheApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void theFixtures(String name) {
        List<HasMetadata> objects = new KubernetesRenderer(KubeFixtures.catalog()).render(KubeFixtures.plan(KubernetesRendererTest.fixture(name)));
        // multi mounts SFS Turbo over NFS, which "restricted" does not allow
        assertThat(ApiServerChecks.violations(objects, false)).isEmpty();
        if (!name.equals("multi")) {
            assertThat(ApiServerChecks.violations(objects, true)).isEmpty();
        }
    }

    @Test
    void aCompanysPodWithTemplatesSecretsAndTorchrun() {
        PoolCatalog catalog = PodTemplateTest.catalog();
        String job = KubeFixtures.SINGLE.replace("nodes: 1", "nodes: 3") + "secretEnvironment: {HF_TOKEN: hf-secret/token}\n";
        List<HasMetadata> objects = new KubernetesRenderer(catalog).render(KubeFixtures.plan(job, catalog), 2, "ml-train");
        assertThat(objects).hasSize(2);
        assertThat(ApiServerChecks.violations(objects, true)).isEmpty();
    }

    @Test
    void aRootJobPassesTheSchemaButNotRestricted() {
        List<HasMetadata> objects = new KubernetesRenderer(KubeFixtures.catalog())
                .render(KubeFixtures.plan(KubeFixtures.SINGLE.replace("userId: 1000", "userId: 0")));
        assertThat(ApiServerChecks.violations(objects, false)).isEmpty();
        String job = objects.get(0).getMetadata().getName();
        assertThat(ApiServerChecks.violations(objects, true)).containsExactlyInAnyOrder(
                "Job " + job + " container train: runAsNonRoot must be true",
                "Job " + job + " container train: runAsUser must not be 0");
    }

    @Test
    void theChecksFindWhatTheServerWouldRefuse() {
        // the checks themselves: each defect planted in a rendered Job is reported
        Job job = (Job) new KubernetesRenderer(KubeFixtures.catalog()).render(KubeFixtures.plan(KubeFixtures.SINGLE)).get(0);
        var pod = job.getSpec().getTemplate().getSpec();
        pod.getContainers().get(0).getVolumeMounts().add(pod.getContainers().get(0).getVolumeMounts().get(0));
        pod.getInitContainers().get(0).setName("train");
        pod.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(true);
        pod.getAdditionalProperties().put("hostNetwrk", true);
        job.getSpec().getTemplate().getMetadata().getLabels().put("team", "a b");
        assertThat(ApiServerChecks.violations(List.of(job), true)).anyMatch(v -> v.contains("two mounts at /home/ma-user/modelarts"))
                .anyMatch(v -> v.contains("container name used twice"))
                .anyMatch(v -> v.contains("allowPrivilegeEscalation must be false"))
                .anyMatch(v -> v.contains("fields unknown to the API: [hostNetwrk]"))
                .anyMatch(v -> v.contains("'a b' is not a label value"));
    }
}

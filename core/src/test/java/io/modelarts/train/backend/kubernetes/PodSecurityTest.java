package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pod Security "restricted" by default: what a namespace enforcing that profile checks, on every container. */
class PodSecurityTest {

    private final KubernetesRenderer renderer = new KubernetesRenderer(KubeFixtures.catalog());

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void everyContainerIsRestricted(String name) {
        PodSpec pod = pod(KubeFixtures.plan(KubernetesRendererTest.fixture(name)));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        List<Container> all = containers(pod);
        assertThat(all).extracting(Container::getName).contains("train", "output-sync");
        for (Container c : all) {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
            assertThat(c.getSecurityContext().getPrivileged()).as(c.getName()).isNull();
            assertThat(c.getSecurityContext().getRunAsUser()).as(c.getName() + " runs as the pod's user").isNull();
        }
    }

    @Test
    void aRootJobRunsItsTrainingAsRootButItsTransfersAsAnotherUser() {
        PodSpec pod = pod(KubeFixtures.plan(KubeFixtures.SINGLE.replace("userId: 1000", "userId: 0")));
        assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isNull();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container train = pod.getContainers().get(0);
        assertThat(train.getSecurityContext().getRunAsUser()).isNull();
        assertThat(train.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("download", "output-sync");
        for (Container c : pod.getInitContainers()) {
            assertThat(c.getSecurityContext().getRunAsUser()).as(c.getName()).isEqualTo(KubernetesRenderer.TRANSFER_USER_ID);
            assertThat(c.getSecurityContext().getRunAsNonRoot()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
        }
    }

    @Test
    void aPoolThatForbidsRootRefusesUserIdZeroNamingTheField() {
        PoolCatalog catalog = KubeFixtures.catalog(KubeFixtures.CATALOG.replace("    namespace: ml-train\n",
                "    namespace: ml-train\n    allowRoot: false\n"));
        assertThat(catalog.pool("gpu-pool").orElseThrow().allowRoot()).isFalse();
        assertThat(catalog.pool("kueue-pool").orElseThrow().allowRoot()).as("the default").isTrue();
        String root = KubeFixtures.SINGLE.replace("userId: 1000", "userId: 0");
        assertThat(problems(root, catalog)).containsExactly(Problem.error("algorithm.userId",
                "must not be 0 (root) on dedicated pool 'gpu-pool', which sets allowRoot: false; use a user id from 1 to 65535"));
        assertThat(problems(KubeFixtures.SINGLE, catalog)).isEmpty();
        assertThat(problems(root, KubeFixtures.catalog())).as("allowed by default").isEmpty();
    }

    private static List<Problem> problems(String jobYaml, PoolCatalog catalog) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(jobYaml, "job.yaml", Path.of("."));
        return JobCheck.check(r, ValidationContext.withCatalog(catalog)).all().stream().filter(Problem::isError).toList();
    }

    private PodSpec pod(io.modelarts.train.plan.JobPlan plan) {
        return ((Job) renderer.render(plan).get(0)).getSpec().getTemplate().getSpec();
    }

    static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        return all;
    }
}

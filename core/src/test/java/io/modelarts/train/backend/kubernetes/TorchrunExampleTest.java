package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code examples/torchrun-multi-node}: its catalog loads, its job is valid and renders what its README says. */
class TorchrunExampleTest {

    static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("examples/torchrun-multi-node");

    @Test
    void theExampleIsValidAndRendersForTorchrun() {
        PoolCatalogLoader.Result pools = PoolCatalogLoader.load(EXAMPLE.resolve("pools.yaml"));
        assertThat(pools.problems()).isEmpty();
        PoolCatalog catalog = pools.catalog();
        JobSpecLoader.Result job = JobSpecLoader.load(EXAMPLE.resolve("job.yaml"));
        assertThat(JobCheck.check(job, ValidationContext.withCatalog(catalog)).all()).isEmpty();

        List<HasMetadata> objects = new KubernetesRenderer(catalog).render(Planner.plan(job.spec(), catalog));
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Job", "Service");
        Job k8sJob = (Job) objects.get(0);
        assertThat(k8sJob.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-vision")
                .containsEntry("kueue.x-k8s.io/priority-class", "train-normal");
        PodSpec pod = k8sJob.getSpec().getTemplate().getSpec();
        assertThat(k8sJob.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "vision");
        assertThat(pod.getServiceAccountName()).isEqualTo("trainer");
        assertThat(pod.getTopologySpreadConstraints()).hasSize(1);
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("dshm"))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("64Gi")));
        List<EnvVar> env = pod.getContainers().get(0).getEnv();
        assertThat(env).extracting(EnvVar::getName).contains("PET_NNODES", "PET_NODE_RANK", "PET_MASTER_ADDR", "PET_MASTER_PORT",
                "PET_NPROC_PER_NODE", "WORLD_SIZE", "RANK", "NCCL_DEBUG", "HF_TOKEN");
        assertThat(env).filteredOn(e -> e.getName().equals("PET_NPROC_PER_NODE")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("8"));
        assertThat(env).filteredOn(e -> e.getName().equals("HF_TOKEN")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret"));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }
}

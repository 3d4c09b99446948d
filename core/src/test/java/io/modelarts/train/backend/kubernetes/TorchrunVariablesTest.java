package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.JobPlan;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The variables {@code torchrun} reads ({@code PET_*}), beside the one-process-per-pod {@code WORLD_SIZE} and {@code RANK}. */
class TorchrunVariablesTest {

    private final KubernetesRenderer renderer = new KubernetesRenderer(KubeFixtures.catalog());

    @Test
    void multiNodeJobsGetEveryTorchrunVariable() {
        JobPlan plan = KubeFixtures.plan(KubeFixtures.KUEUE); // 2 nodes of 8 GPUs
        Job job = (Job) renderer.render(plan).get(0);
        Map<String, EnvVar> env = env(job);
        String name = job.getMetadata().getName();
        assertThat(env.get("PET_NNODES").getValue()).isEqualTo("2");
        assertThat(env.get("PET_NPROC_PER_NODE").getValue()).isEqualTo("8");
        assertThat(env.get("PET_MASTER_ADDR").getValue()).isEqualTo(name + "-0." + name).isEqualTo(env.get("MASTER_ADDR").getValue());
        assertThat(env.get("PET_MASTER_PORT").getValue()).isEqualTo("6666").isEqualTo(env.get("MASTER_PORT").getValue());
        assertThat(env.get("PET_NODE_RANK").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        // one process per pod: WORLD_SIZE = pods, RANK = the pod's index
        assertThat(env.get("WORLD_SIZE").getValue()).isEqualTo("2");
        assertThat(env.get("RANK").getValueFrom().getFieldRef().getFieldPath()).isEqualTo(env.get("PET_NODE_RANK").getValueFrom().getFieldRef().getFieldPath());
    }

    @Test
    void aSingleNodeJobGetsOnlyTheProcessesPerNode() {
        Map<String, EnvVar> env = env((Job) renderer.render(KubeFixtures.plan(KubeFixtures.SINGLE)).get(0));
        assertThat(env.get("PET_NPROC_PER_NODE").getValue()).isEqualTo("1");
        assertThat(env).doesNotContainKeys("PET_NNODES", "PET_NODE_RANK", "PET_MASTER_ADDR", "PET_MASTER_PORT");
    }

    @Test
    void aCpuFlavorLeavesProcessesPerNodeToTorchrun() {
        String cpu = KubeFixtures.SINGLE.replace("type: GPU", "type: CPU").replace("flavor: gpu-1x", "flavor: cpu-2");
        Map<String, EnvVar> env = env((Job) renderer.render(KubeFixtures.plan(cpu)).get(0));
        assertThat(env).doesNotContainKey("PET_NPROC_PER_NODE");
    }

    @Test
    void theJobsEnvironmentWins() {
        String job = KubeFixtures.KUEUE + "environment:\n  PET_NPROC_PER_NODE: \"4\"\n";
        Map<String, EnvVar> env = env((Job) renderer.render(KubeFixtures.plan(job)).get(0));
        assertThat(env.get("PET_NPROC_PER_NODE").getValue()).isEqualTo("4");
    }

    private static Map<String, EnvVar> env(Job job) {
        Map<String, EnvVar> m = new LinkedHashMap<>();
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> m.put(e.getName(), e));
        return m;
    }
}

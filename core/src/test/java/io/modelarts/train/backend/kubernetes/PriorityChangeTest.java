package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.modelarts.train.plan.JobPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code modelarts-train priority}: a Pending job's priority changes on a Kueue pool, against the test cluster. */
class PriorityChangeTest extends KubeBackendTestSupport {

    /** Creates what the renderer makes for {@code yaml}, suspended (as Kueue holds a job it has not admitted). */
    Job create(String yaml) {
        JobPlan plan = plan(yaml);
        List<HasMetadata> objects = backend.renderer().render(plan, 1, ns);
        Job job = (Job) objects.get(0);
        job.getSpec().setSuspend(true);
        return cluster.apiClient().batch().v1().jobs().inNamespace(ns).resource(job).create();
    }

    void workloadPriorityClass(String name, int value) {
        GenericKubernetesResource wpc = new GenericKubernetesResourceBuilder().withApiVersion("kueue.x-k8s.io/v1beta1")
                .withKind("WorkloadPriorityClass").withNewMetadata().withName(name).endMetadata().build();
        wpc.setAdditionalProperty("value", value);
        cluster.apiClient().genericKubernetesResources(PriorityChange.WORKLOAD_PRIORITY_CLASSES).resource(wpc).createOr(r -> r.update());
    }

    GenericKubernetesResource workloadFor(Job job) {
        GenericKubernetesResource w = new GenericKubernetesResourceBuilder().withApiVersion("kueue.x-k8s.io/v1beta1").withKind("Workload")
                .withNewMetadata().withName("job-" + job.getMetadata().getName()).withNamespace(ns)
                .withLabels(Map.of("kueue.x-k8s.io/job-uid", job.getMetadata().getUid())).endMetadata().build();
        w.setAdditionalProperty("spec", new java.util.HashMap<>(Map.of("queueName", "team-a-queue", "priorityClassName", "p3",
                "priorityClassSource", "kueue.x-k8s.io/workloadpriorityclass", "priority", 300)));
        return cluster.apiClient().genericKubernetesResources(PriorityChange.WORKLOADS).inNamespace(ns).resource(w).create();
    }

    @Test
    void aPendingKueueJobGetsTheNewWorkloadPriorityClass() {
        workloadPriorityClass("p1", 100);
        workloadPriorityClass("p2", 200);
        Job job = create(KubeFixtures.KUEUE);
        GenericKubernetesResource workload = workloadFor(job);

        PriorityChange.Outcome outcome = backend.queries().changePriority(ns, "llm-finetune", 2);

        assertThat(outcome.describe()).isEqualTo("job llm-finetune: priority 2 (WorkloadPriorityClass p2, value 200); Kueue re-orders its queue");
        Job after = cluster.apiClient().batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
        assertThat(after.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/priority-class", "p2");
        GenericKubernetesResource w = cluster.apiClient().genericKubernetesResources(PriorityChange.WORKLOADS).inNamespace(ns)
                .withName(workload.getMetadata().getName()).get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) w.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("priorityClassName", "p2").containsEntry("priority", 200).containsEntry("queueName", "team-a-queue");
    }

    @Test
    void aClassMissingFromTheClusterIsNamed() {
        create(KubeFixtures.KUEUE);
        // (WorkloadPriorityClasses are cluster-wide and the test cluster is shared: no test creates p3)
        assertThatThrownBy(() -> backend.queries().changePriority(ns, "llm-finetune", 3)).isInstanceOf(PriorityChange.RefusedException.class)
                .hasMessage("the WorkloadPriorityClass p3 of priority 3 does not exist in the cluster (or has no value)");
    }

    @Test
    void aJobThatIsNoLongerPendingIsRefused() {
        Job job = create(KubeFixtures.KUEUE);
        JobCondition complete = new JobConditionBuilder().withType("Complete").withStatus("True").build();
        job.setStatus(new JobStatusBuilder().withConditions(complete).withSucceeded(1).build());
        cluster.apiClient().batch().v1().jobs().inNamespace(ns).resource(job).updateStatus();

        assertThatThrownBy(() -> backend.queries().changePriority(ns, "llm-finetune", 2)).isInstanceOf(PriorityChange.RefusedException.class)
                .hasMessage("job llm-finetune is Completed: only a Pending job's priority can be changed, as on ModelArts")
                .satisfies(e -> assertThat(((PriorityChange.RefusedException) e).refusal()).isEqualTo(PriorityChange.Refusal.NOT_PENDING));
    }

    @Test
    void aPoolOfPlainPriorityClassesCannotChangeIt() {
        create(KubeFixtures.SINGLE);
        assertThatThrownBy(() -> backend.queries().changePriority(ns, "Mnist_Demo", 2)).isInstanceOf(PriorityChange.RefusedException.class)
                .hasMessageStartingWith("pool 'gpu-pool' uses PriorityClasses without Kueue: Kubernetes fixes a pod's priority when the pod"
                        + " is created and a Job's pod template cannot change")
                .satisfies(e -> assertThat(((PriorityChange.RefusedException) e).refusal()).isEqualTo(PriorityChange.Refusal.UNSUPPORTED));
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertThatThrownBy(() -> backend.queries().changePriority(ns, "nobody", 2)).isInstanceOf(JobNotFoundException.class);
    }
}

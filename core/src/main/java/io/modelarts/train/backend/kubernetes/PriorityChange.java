package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "You can change the priority of a pending job" [#30], on Kubernetes. What a pool can do depends on how it
 * maps priorities:
 * <ul>
 *   <li>a Kueue pool ({@code queue}) maps them to WorkloadPriorityClasses: the Job's
 *       {@code kueue.x-k8s.io/priority-class} label and its Workload's {@code priorityClassName} and
 *       {@code priority} are set to the new class and its value, and Kueue orders its queue by them;</li>
 *   <li>a pool of plain PriorityClasses cannot: a pod's priority is fixed when the pod is created, and a Job's
 *       pod template cannot change, so the change is refused with that reason (stop the job and submit it again).</li>
 * </ul>
 * Only a Pending job may change, as on ModelArts; the permission for priority 3 is the caller's to check.
 */
public final class PriorityChange {

    static final ResourceDefinitionContext WORKLOADS = new ResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withPlural("workloads").withKind("Workload").withNamespaced(true).build();
    static final ResourceDefinitionContext WORKLOAD_PRIORITY_CLASSES = new ResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withPlural("workloadpriorityclasses").withKind("WorkloadPriorityClass")
            .withNamespaced(false).build();

    /** Why a change was refused: the job is not pending, the request does not fit the pool, or the pool cannot change. */
    public enum Refusal { NOT_PENDING, INVALID, UNSUPPORTED }

    /** A refused change, with a message for people. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** What was changed: the job, its new priority and the class that carries it. */
    public record Outcome(String jobName, int priority, String priorityClass, int value, int workloads) {
        public String describe() {
            return "job " + jobName + ": priority " + priority + " (WorkloadPriorityClass " + priorityClass + ", value " + value + ")"
                    + (workloads == 0 ? "; Kueue gives its Workload this priority when it creates it" : "; Kueue re-orders its queue");
        }
    }

    private PriorityChange() {
    }

    static Outcome apply(KubernetesClient client, PoolCatalog catalog, Job job, KubernetesJobInfo info, int priority) {
        String name = info.jobName();
        if (info.status() != JobStatus.PENDING) {
            throw new RefusedException(Refusal.NOT_PENDING, "job " + name + " is " + info.status().displayName()
                    + ": only a Pending job's priority can be changed, as on ModelArts");
        }
        String ns = job.getMetadata().getNamespace();
        Map<String, String> labels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
        String queue = labels.get(KubernetesNames.KUEUE_QUEUE_LABEL);
        Pool pool = poolOf(catalog, ns, queue).orElseThrow(() -> new RefusedException(Refusal.INVALID,
                "no pool of the pool catalog runs in namespace " + ns + (queue == null ? "" : " with queue " + queue)
                        + ": give the pool catalog the job was submitted with (--pools)"));
        if (pool.type() == PoolType.PUBLIC) {
            throw new RefusedException(Refusal.INVALID, "pool '" + pool.name() + "' is public: job priority can be set on dedicated pools only");
        }
        String className = pool.priorityClasses().get(priority);
        if (className == null) {
            throw new RefusedException(Refusal.INVALID, "pool '" + pool.name() + "' maps no priority class to priority " + priority
                    + " (pool catalog: priorityClasses)");
        }
        if (queue == null) {
            throw new RefusedException(Refusal.UNSUPPORTED, "pool '" + pool.name() + "' uses PriorityClasses without Kueue: Kubernetes"
                    + " fixes a pod's priority when the pod is created and a Job's pod template cannot change, so a pending job's"
                    + " priority cannot change there; stop it and submit it again with priority " + priority
                    + ", or give the pool a Kueue queue");
        }
        GenericKubernetesResource wpc = client.genericKubernetesResources(WORKLOAD_PRIORITY_CLASSES).withName(className).get();
        if (wpc == null || !(wpc.getAdditionalProperties().get("value") instanceof Number value)) {
            throw new RefusedException(Refusal.INVALID, "the WorkloadPriorityClass " + className + " of priority " + priority
                    + " does not exist in the cluster (or has no value)");
        }
        client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).edit(j -> {
            j.getMetadata().getLabels().put(KubernetesNames.KUEUE_PRIORITY_LABEL, className);
            return j;
        });
        List<GenericKubernetesResource> workloads = client.genericKubernetesResources(WORKLOADS).inNamespace(ns)
                .withLabel("kueue.x-k8s.io/job-uid", job.getMetadata().getUid()).list().getItems();
        for (GenericKubernetesResource w : workloads) {
            client.genericKubernetesResources(WORKLOADS).inNamespace(ns).withName(w.getMetadata().getName()).edit(edited -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) edited.getAdditionalProperties().computeIfAbsent("spec", k -> new HashMap<>());
                spec.put("priorityClassName", className);
                spec.put("priorityClassSource", "kueue.x-k8s.io/workloadpriorityclass");
                spec.put("priority", value.intValue());
                return edited;
            });
        }
        return new Outcome(name, priority, className, value.intValue(), workloads.size());
    }

    private static Optional<Pool> poolOf(PoolCatalog catalog, String namespace, String queue) {
        return catalog.pools().stream()
                .filter(p -> namespace.equals(p.namespace()))
                .filter(p -> queue == null ? p.queue() == null || p.queue().isBlank() : queue.equals(p.queue()))
                .findFirst();
    }
}

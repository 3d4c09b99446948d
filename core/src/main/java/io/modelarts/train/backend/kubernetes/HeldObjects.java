package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the backend keeps of the Jobs and pods it watches, in the informers' caches and in each job's state: the
 * metadata (labels and annotations: attempt, spec hash, outputs, auto stop...), the status, and of the spec only what
 * the engine reads (a Job's {@code suspend} and {@code activeDeadlineSeconds}, a pod's {@code nodeName}). The pod
 * template of a Job and the containers of a pod (commands, environment, transfer scripts) are most of an object's
 * size and are never read back once created, nor are the server's {@code managedFields}: with thousands of watched
 * jobs they would be most of the engine's heap.
 *
 * <p>The reductions change the object given and return it: they are only for objects just read from the API, that
 * nothing else holds yet.
 */
final class HeldObjects {

    private HeldObjects() {
    }

    /** {@code job} without its pod template and managed fields (null stays null). */
    static Job reduce(Job job) {
        if (job == null) {
            return null;
        }
        dropManagedFields(job);
        if (job.getSpec() != null) {
            job.getSpec().setTemplate(null);
        }
        return job;
    }

    /** {@code pod} with its metadata, its status and the name of its node only (null stays null). */
    static Pod reduce(Pod pod) {
        if (pod == null) {
            return null;
        }
        dropManagedFields(pod);
        if (pod.getSpec() != null) {
            PodSpec kept = new PodSpec();
            kept.setNodeName(pod.getSpec().getNodeName());
            pod.setSpec(kept);
        }
        return pod;
    }

    /** Every pod of {@code pods}, reduced; the same list. */
    static List<Pod> reducePods(List<Pod> pods) {
        pods.forEach(HeldObjects::reduce);
        return pods;
    }

    private static void dropManagedFields(HasMetadata o) {
        if (o.getMetadata() != null) {
            o.getMetadata().setManagedFields(null);
        }
    }

    /**
     * An informer's item store that reduces each object as the informer stores it. The informer hands its event
     * handlers the object it stored, so the cache and the jobs' state then hold one reduced instance.
     */
    static final class ReducingStore<T extends HasMetadata> extends BasicItemStore<T> {

        private final UnaryOperator<T> reduce;

        ReducingStore(UnaryOperator<T> reduce) {
            super(Cache::metaNamespaceKeyFunc);
            this.reduce = reduce;
        }

        @Override
        public T put(String key, T obj) {
            return super.put(key, reduce.apply(obj));
        }
    }
}

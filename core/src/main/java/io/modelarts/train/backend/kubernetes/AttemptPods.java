package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pods of a job's current attempt, by pod uid, as the informers and the lists have shown them. Informer events
 * and list answers arrive in any order: a pod is only ever replaced by a version at least as new. Control thread only.
 */
final class AttemptPods {

    private final Map<String, Pod> pods = new HashMap<>();

    /** Takes {@code p} unless a newer version of it is known already. */
    void offer(Pod p) {
        String key = p.getMetadata().getUid();
        Pod old = pods.get(key);
        if (old == null || JobObjects.newer(p, old)) {
            pods.put(key, p);
        }
    }

    /** Takes every pod of {@code list} owned by the Job {@code ownerUid}. */
    void offerAll(List<Pod> list, String ownerUid) {
        for (Pod p : list) {
            if (Objects.equals(ownerUid, JobObjects.ownerUid(p))) {
                offer(p);
            }
        }
    }

    /**
     * Takes a full list of the attempt's pods: those of {@code ownerUid} are offered, and a known pod missing from it is
     * dropped unless it is newer than the list (an informer delivered it after the list was answered).
     */
    void replaceWith(List<Pod> list, String ownerUid, String listVersion) {
        Set<String> seen = new HashSet<>();
        for (Pod p : list) {
            if (Objects.equals(ownerUid, JobObjects.ownerUid(p))) {
                seen.add(p.getMetadata().getUid());
                offer(p);
            }
        }
        pods.entrySet().removeIf(e -> !seen.contains(e.getKey()) && JobObjects.olderThan(e.getValue(), listVersion));
    }

    Pod remove(String podUid) {
        return pods.remove(podUid);
    }

    Pod get(String podUid) {
        return pods.get(podUid);
    }

    Collection<Pod> all() {
        return pods.values();
    }

    boolean isEmpty() {
        return pods.isEmpty();
    }

    void clear() {
        pods.clear();
    }

    /** The pods in worker order (then by name: a replaced worker's old and new pod). */
    List<Pod> inWorkerOrder() {
        List<Pod> sorted = new ArrayList<>(pods.values());
        sorted.sort(Comparator.comparingInt(JobStatusMapper::index).thenComparing(p -> p.getMetadata().getName()));
        return sorted;
    }
}

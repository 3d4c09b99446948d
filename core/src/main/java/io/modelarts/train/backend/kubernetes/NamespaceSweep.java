package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety net under the informers of one namespace: every reconcile interval one list of the namespace's Jobs
 * of this engine and one list of its pods ({@code app.kubernetes.io/managed-by=modelarts-train}, as the informers
 * select them), then each watched job there is handed its Job and pods. The cost is two requests per namespace per
 * interval, whatever the number of jobs (a GET and a pod list per job outgrew the interval at a few thousand jobs).
 *
 * <p>One sweep at a time; a sweep asked for while one is in flight follows it once. Only the attempts adopted before
 * the lists were sent are judged by them: an attempt adopted later may be missing from them without being gone.
 * Control thread only, except the lists themselves (the backend's I/O pool).
 */
final class NamespaceSweep {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSweep.class);

    /** What the two lists said: the Jobs by name, the pods by the uid of the Job that owns them. */
    record Listing(Map<String, Job> jobs, Map<String, List<Pod>> podsByOwner, String podListVersion) {

        /** The Job named {@code name}, or null when the list did not have it. */
        Job job(String name) {
            return jobs.get(name);
        }

        /** The pods owned by the Job {@code uid} (none: an empty list). */
        List<Pod> podsOf(String uid) {
            return podsByOwner.getOrDefault(uid, List.of());
        }
    }

    /** A watched job as a sweep sees it. */
    interface Target {
        /** The uid of the attempt a sweep sent now would judge, or null when it has none to judge. */
        String sweepUid();

        /** The lists answered; {@code uid} is what {@link #sweepUid()} said when they were sent. */
        void swept(String uid, Listing listing);
    }

    private final KubernetesBackend backend;
    private final String namespace;
    private boolean inFlight;
    private boolean again;
    private boolean failing;

    NamespaceSweep(KubernetesBackend backend, String namespace) {
        this.backend = backend;
        this.namespace = namespace;
    }

    /** Lists the namespace once for {@code targets} (its watched jobs now), or once more after the sweep in flight. */
    void sweep(List<? extends Target> targets) {
        if (inFlight) {
            again = true;
            return;
        }
        Map<Target, String> asked = new HashMap<>();
        for (Target t : targets) {
            String uid = t.sweepUid();
            if (uid != null) {
                asked.put(t, uid);
            }
        }
        if (asked.isEmpty()) {
            return;
        }
        inFlight = true;
        backend.io(this::list, (listing, error) -> {
            inFlight = false;
            if (error != null) {
                // the informers and the next interval still tell; a lasting failure is said once, with its cause
                if (!failing) {
                    LOG.warn("Listing the Jobs and pods of namespace {} (the check under the watches) failed; retrying every {} s",
                            namespace, backend.options.reconcileInterval().toSeconds(), error);
                } else {
                    LOG.debug("Listing the Jobs and pods of namespace {} failed again", namespace, error);
                }
                failing = true;
            } else {
                failing = false;
                asked.forEach((t, uid) -> t.swept(uid, listing));
            }
            if (again) {
                again = false;
                backend.sweepAgain(namespace);
            }
        });
    }

    private Listing list() {
        List<Job> jobs = backend.jobs.listManaged(namespace);
        PodList pods = backend.client.pods().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE).list();
        Map<String, Job> byName = new HashMap<>();
        for (Job j : jobs) {
            byName.put(j.getMetadata().getName(), HeldObjects.reduce(j));
        }
        Map<String, List<Pod>> byOwner = new HashMap<>();
        for (Pod p : pods.getItems()) {
            String owner = JobObjects.ownerUid(p);
            if (owner != null) {
                byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(HeldObjects.reduce(p));
            }
        }
        return new Listing(byName, byOwner, pods.getMetadata() == null ? null : pods.getMetadata().getResourceVersion());
    }
}

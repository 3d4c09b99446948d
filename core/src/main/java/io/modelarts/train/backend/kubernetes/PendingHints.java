package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a job waits, beyond what its pods say: the latest event of a pending pod (a Warning first: "0/3 nodes are
 * available...") or, for a suspended Job, the message of its Kueue Workload. Fetched at most once per pending-reason
 * interval, one request at a time; the texts feed {@link JobStatusMapper#observe}. Control thread only.
 */
final class PendingHints {

    private static final Logger LOG = LoggerFactory.getLogger(PendingHints.class);
    private static final ResourceDefinitionContext KUEUE_WORKLOADS = new ResourceDefinitionContext.Builder()
            .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withPlural("workloads").withKind("Workload").withNamespaced(true).build();

    private final KubernetesBackend backend;
    private final String namespace;
    /** Looks at the job again once a hint has arrived. */
    private final Runnable evaluate;

    /** Hint texts by pod uid, or by Job uid for a Job waiting in Kueue. */
    private final Map<String, String> hints = new HashMap<>();
    private Instant fetchedAt;
    private boolean inFlight;

    PendingHints(KubernetesBackend backend, String namespace, Runnable evaluate) {
        this.backend = backend;
        this.namespace = namespace;
        this.evaluate = evaluate;
    }

    Map<String, String> texts() {
        return hints;
    }

    /** A new attempt: its pods wait for their own reasons. */
    void clear() {
        hints.clear();
        fetchedAt = null;
    }

    /** Reads events (or Kueue's Workload) to say why a pod or the Job waits; at most once per pending-reason interval. */
    void fetch(JobStatusMapper.Observation o, String jobUid, Instant now) {
        if (o.status() != io.modelarts.train.events.JobStatus.PENDING || inFlight || (o.detailPod() == null && !o.suspended())) {
            return;
        }
        if (fetchedAt != null && now.isBefore(fetchedAt.plus(backend.options.pendingReasonInterval()))) {
            return;
        }
        inFlight = true;
        fetchedAt = now;
        Pod pod = o.detailPod();
        String key = pod != null ? pod.getMetadata().getUid() : jobUid;
        backend.io(() -> pod != null ? eventHint(pod) : kueueHint(jobUid), (text, error) -> {
            inFlight = false;
            if (error != null) {
                // the plain reason stays; the next interval asks again
                LOG.debug("Reading why {} waits in namespace {} failed", key, namespace, error);
            } else if (text != null) {
                hints.put(key, text);
            }
            evaluate.run();
        });
    }

    private String eventHint(Pod pod) {
        List<Event> events = backend.client.v1().events().inNamespace(namespace)
                .withField("involvedObject.uid", pod.getMetadata().getUid()).list().getItems();
        Event best = null;
        Instant bestAt = null;
        for (Event e : events) {
            if (e.getInvolvedObject() == null || !pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())) {
                continue;
            }
            Instant at = eventTime(e);
            boolean warning = "Warning".equals(e.getType());
            boolean bestWarning = best != null && "Warning".equals(best.getType());
            if (best == null || (warning && !bestWarning) || (warning == bestWarning && at != null && (bestAt == null || !at.isBefore(bestAt)))) {
                best = e;
                bestAt = at;
            }
        }
        if (best == null) {
            return null;
        }
        return (best.getReason() == null ? "" : best.getReason() + ": ") + (best.getMessage() == null ? "" : best.getMessage().trim());
    }

    @SuppressWarnings("unchecked")
    private String kueueHint(String jobUid) {
        List<GenericKubernetesResource> workloads;
        try {
            workloads = backend.client.genericKubernetesResources(KUEUE_WORKLOADS).inNamespace(namespace)
                    .withLabel("kueue.x-k8s.io/job-uid", jobUid).list().getItems();
        } catch (KubernetesClientException e) {
            // no Kueue, or no permission to read Workloads: the plain reason stays
            LOG.debug("Cannot read Kueue Workloads in namespace {}", namespace, e);
            return null;
        }
        for (GenericKubernetesResource w : workloads) {
            Object status = w.getAdditionalProperties().get("status");
            if (!(status instanceof Map)) {
                continue;
            }
            Object conditions = ((Map<String, Object>) status).get("conditions");
            if (!(conditions instanceof List)) {
                continue;
            }
            for (Object c : (List<Object>) conditions) {
                if (c instanceof Map<?, ?> m && ("QuotaReserved".equals(m.get("type")) || "Admitted".equals(m.get("type")))
                        && "False".equals(m.get("status")) && m.get("message") != null) {
                    return String.valueOf(m.get("message"));
                }
            }
        }
        return null;
    }

    private static Instant eventTime(Event e) {
        String t = e.getLastTimestamp();
        if (t == null && e.getEventTime() != null) {
            t = e.getEventTime().getTime();
        }
        if (t == null) {
            t = e.getFirstTimestamp();
        }
        if (t == null) {
            t = e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
        }
        return t == null ? null : LogLines.parseInstant(t);
    }
}

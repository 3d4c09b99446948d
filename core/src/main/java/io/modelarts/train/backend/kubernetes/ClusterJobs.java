package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This engine's Jobs in the cluster, through plain API calls (blocking; never on the control thread): finding a job's
 * attempts by name, its pods, deleting attempts, creating an attempt's owned objects, and the heartbeat and listing
 * that the sweeper of orphaned Jobs uses.
 */
final class ClusterJobs {

    private final KubernetesClient client;
    private final KubernetesBackendOptions options;

    ClusterJobs(KubernetesClient client, KubernetesBackendOptions options) {
        this.client = client;
        this.options = options;
    }

    /** The newest attempt of the job named (ModelArts or Kubernetes name), if any. */
    Optional<Job> findLatest(String ns, String name) {
        if (KubernetesNames.isDnsLabel(name)) {
            Job direct = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            if (direct != null && JobObjects.isOurs(direct)) {
                String base = direct.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
                return Optional.of(JobObjects.latestOf(listAttempts(ns, base)).orElse(direct));
            }
        }
        // a ModelArts name: the newest submission of it (each build or CLI run is its own Job)
        List<Job> all = client.batch().v1().jobs().inNamespace(ns)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                .withLabel(KubernetesNames.NAME_LABEL, KubernetesNames.jobName(name)).list().getItems();
        Optional<String> newestBase = all.stream().filter(j -> name.equals(JobObjects.modelartsName(j)))
                .max(Comparator.comparing((Job j) -> String.valueOf(j.getMetadata().getCreationTimestamp()))
                        .thenComparingInt(JobObjects::attemptOf))
                .map(j -> j.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL));
        if (newestBase.isPresent()) {
            return JobObjects.latestOf(listAttempts(ns, newestBase.get()));
        }
        return JobObjects.latestOf(listAttempts(ns, KubernetesNames.jobName(name)));
    }

    /** Every attempt of the job whose base name is {@code base}. */
    List<Job> listAttempts(String ns, String base) {
        if (base == null) {
            return List.of();
        }
        return client.batch().v1().jobs().inNamespace(ns).withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                .withLabel(KubernetesNames.JOB_LABEL, base).list().getItems();
    }

    /** Every Job of this engine in {@code ns}. */
    List<Job> listManaged(String ns) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                .list().getItems();
    }

    Job get(String ns, String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    /** The pods of {@code job}'s attempt that {@code job} owns. */
    List<Pod> podsOf(Job job) {
        String uid = job.getMetadata().getUid();
        List<Pod> out = new ArrayList<>();
        for (Pod p : client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel(KubernetesNames.JOB_LABEL, job.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL))
                .withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(JobObjects.attemptOf(job))).list().getItems()) {
            if (uid == null || uid.equals(JobObjects.ownerUid(p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether any pod of any attempt of the job {@code base} is left. */
    boolean hasPods(String ns, String base) {
        return !client.pods().inNamespace(ns).withLabel(KubernetesNames.JOB_LABEL, base).list().getItems().isEmpty();
    }

    /** Deletes every attempt of the job {@code base}, as a stop does. */
    void deleteAttempts(String ns, String base) {
        for (Job j : listAttempts(ns, base)) {
            deleteJob(ns, j.getMetadata().getName(), base, JobObjects.attemptOf(j), options.stopGracePeriodSeconds());
        }
    }

    /**
     * Deletes a Job with foreground propagation (the garbage collector removes its pods and Service; nothing
     * is orphaned) and, when {@code podGraceSeconds} is set, its pods right away with that grace period so
     * that a stop does not wait for the pods' own grace period.
     */
    void deleteJob(String ns, String name, String base, int attempt, Integer podGraceSeconds) {
        try {
            client.batch().v1().jobs().inNamespace(ns).withName(name).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        if (podGraceSeconds != null && base != null) {
            try {
                client.pods().inNamespace(ns).withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                        .withLabel(KubernetesNames.JOB_LABEL, base).withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(attempt))
                        .withGracePeriod(podGraceSeconds).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Creates the other objects of an attempt (Service) owned by its Job; an existing one is kept. */
    void createOwned(List<HasMetadata> objects, Job owner) {
        OwnerReference ref = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        for (HasMetadata o : objects) {
            if (o instanceof Job) {
                continue;
            }
            o.getMetadata().setOwnerReferences(List.of(ref));
            try {
                client.resource(o).inNamespace(owner.getMetadata().getNamespace()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /** A handle for an existing Job, with no log read yet. */
    static KubernetesJobHandle handleOf(Job job) {
        long created = System.currentTimeMillis();
        String stamp = job.getMetadata().getCreationTimestamp();
        if (stamp != null) {
            try {
                created = Instant.parse(stamp).toEpochMilli();
            } catch (DateTimeParseException e) {
                // not an API server's timestamp: the job counts from now
            }
        }
        return new KubernetesJobHandle(JobObjects.modelartsName(job), job.getMetadata().getNamespace(),
                job.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL), job.getMetadata().getName(), job.getMetadata().getUid(),
                JobObjects.attemptOf(job), JobObjects.intAnnotation(job, KubernetesNames.ATTEMPTS_ANNOTATION, 1),
                JobObjects.intAnnotation(job, KubernetesNames.NODES_ANNOTATION, 1), created, Map.of());
    }

    // ---------------------------------------------------------------- for the sweeper of orphaned Jobs

    /** The Jobs of this engine in {@code namespace} that also carry every label of {@code labels} (one list request). */
    List<KubernetesBackend.ManagedJob> managedJobs(String namespace, Map<String, String> labels) {
        List<KubernetesBackend.ManagedJob> out = new ArrayList<>();
        var jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE);
        for (Map.Entry<String, String> l : labels.entrySet()) {
            jobs = jobs.withLabel(l.getKey(), l.getValue());
        }
        for (Job j : jobs.list().getItems()) {
            if (!JobObjects.isOurs(j)) {
                continue;
            }
            Map<String, String> a = j.getMetadata().getAnnotations() == null ? Map.of() : j.getMetadata().getAnnotations();
            String created = j.getMetadata().getCreationTimestamp();
            Instant at = created == null ? null : LogLines.parseInstant(created);
            Instant beat = null;
            try {
                String h = a.get(KubernetesNames.HEARTBEAT_ANNOTATION);
                beat = h == null ? null : Instant.parse(h);
            } catch (DateTimeParseException e) {
                // someone else's value: as if there were none
            }
            Map<String, String> l = j.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(j.getMetadata().getLabels());
            out.add(new KubernetesBackend.ManagedJob(namespace, j.getMetadata().getName(), a.get(KubernetesNames.SUBMISSION_ANNOTATION),
                    at, JobObjects.isFinished(j), l, beat));
        }
        return out;
    }

    /** Sets the heartbeat annotation of one Job of this engine to {@code at}; false when there is no such Job. */
    boolean heartbeat(String namespace, String name, Instant at) {
        var resource = client.batch().v1().jobs().inNamespace(namespace).withName(name);
        Job j = resource.get();
        if (j == null || !JobObjects.isOurs(j)) {
            return false;
        }
        try {
            resource.edit(current -> {
                Map<String, String> a = current.getMetadata().getAnnotations() == null ? new HashMap<>()
                        : new HashMap<>(current.getMetadata().getAnnotations());
                a.put(KubernetesNames.HEARTBEAT_ANNOTATION, at.toString());
                current.getMetadata().setAnnotations(a);
                return current;
            });
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes one Job of this engine with its pods, as a stop does; false when there is no such Job of this engine. */
    boolean deleteManagedJob(String namespace, String name) {
        Job j = get(namespace, name);
        if (j == null || !JobObjects.isOurs(j)) {
            return false;
        }
        String base = j.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
        deleteJob(namespace, name, base, JobObjects.attemptOf(j), options.stopGracePeriodSeconds());
        return true;
    }
}

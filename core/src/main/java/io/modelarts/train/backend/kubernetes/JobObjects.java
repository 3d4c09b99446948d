package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the labels, annotations and versions of this engine's Jobs and pods say; no API calls. */
final class JobObjects {

    private JobObjects() {
    }

    /** Whether {@code job} was created by this engine (it carries the managed-by and job labels). */
    static boolean isOurs(Job job) {
        return job.getMetadata().getLabels() != null
                && KubernetesNames.MANAGED_BY_VALUE.equals(job.getMetadata().getLabels().get(KubernetesNames.MANAGED_BY_LABEL))
                && job.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL) != null;
    }

    /** The attempt number of a Job (1 when it has none). */
    static int attemptOf(Job job) {
        String v = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(KubernetesNames.ATTEMPT_LABEL);
        try {
            return v == null ? 1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static int intAnnotation(Job job, String key, int dflt) {
        String v = job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** The job's ModelArts name, else its Kubernetes name. */
    static String modelartsName(Job job) {
        String v = job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(KubernetesNames.NAME_ANNOTATION);
        return v == null ? job.getMetadata().getName() : v;
    }

    /** The uid of the Job that owns {@code o}, or null. */
    static String ownerUid(HasMetadata o) {
        if (o.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if ("Job".equals(r.getKind())) {
                return r.getUid();
            }
        }
        return null;
    }

    static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    /** The newest attempt not being deleted. */
    static Optional<Job> latestOf(List<Job> attempts) {
        return attempts.stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparingInt(JobObjects::attemptOf));
    }

    static boolean isFinished(Job j) {
        return JobStatusMapper.condition(j, "Complete") != null || JobStatusMapper.condition(j, "Failed") != null;
    }

    /** True when {@code a} is at least as new as {@code b} (numeric resourceVersions), or when that cannot be told. */
    static boolean newer(HasMetadata a, HasMetadata b) {
        if (b == null) {
            return true;
        }
        Long ra = version(a.getMetadata().getResourceVersion());
        Long rb = version(b.getMetadata().getResourceVersion());
        return ra == null || rb == null || ra >= rb;
    }

    /** True when both carry the same resourceVersion. */
    static boolean sameVersion(HasMetadata a, HasMetadata b) {
        return b != null && a.getMetadata().getResourceVersion() != null
                && a.getMetadata().getResourceVersion().equals(b.getMetadata().getResourceVersion());
    }

    /** True when {@code o} is older than a list answered at {@code listVersion}, or when that cannot be told. */
    static boolean olderThan(HasMetadata o, String listVersion) {
        Long r = version(o.getMetadata().getResourceVersion());
        Long l = version(listVersion);
        return r == null || l == null || r < l;
    }

    private static Long version(String rv) {
        if (rv == null) {
            return null;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

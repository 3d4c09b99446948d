package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.events.JobStatus;

import java.util.List;

/**
 * What {@link KubernetesJobQueries#status} reports about a submitted job.
 *
 * @param jobName        the ModelArts name
 * @param kubernetesName the Kubernetes name of the latest attempt
 * @param reason         why Pending, Failed...; null when nothing to say
 * @param worker         the worker a failure or pending reason is about, or null
 * @param workers        one entry per pod of the latest attempt, by worker index
 */
public record KubernetesJobInfo(
        String namespace,
        String jobName,
        String kubernetesName,
        String uid,
        int attempt,
        int maxAttempts,
        int nodes,
        JobStatus status,
        String reason,
        String worker,
        Integer exitCode,
        String createdAt,
        List<WorkerInfo> workers) {

    public KubernetesJobInfo {
        workers = List.copyOf(workers);
    }

    /** One pod: its worker, name, phase and node. */
    public record WorkerInfo(String worker, String pod, String phase, String node) {
    }

    /** A few lines for a terminal. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(jobName).append(" (").append(namespace).append('/').append(kubernetesName).append("): ").append(status.displayName());
        if (reason != null && !reason.isBlank()) {
            s.append(" - ").append(reason);
        }
        s.append("\nattempt ").append(attempt).append(" of ").append(maxAttempts).append(", ").append(nodes)
                .append(nodes == 1 ? " node" : " nodes");
        if (createdAt != null) {
            s.append(", created ").append(createdAt);
        }
        for (WorkerInfo w : workers) {
            s.append('\n').append(w.worker()).append(": pod ").append(w.pod()).append(' ').append(w.phase());
            if (w.node() != null) {
                s.append(" on ").append(w.node());
            }
        }
        return s.toString();
    }
}

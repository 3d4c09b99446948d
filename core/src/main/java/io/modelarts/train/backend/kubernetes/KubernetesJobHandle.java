package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.backend.JobHandle;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to find a Kubernetes job again and continue it where the previous watcher stopped:
 * namespace, names, uid and attempt of the current Job, and a {@link LogCursor} per container instance
 * (key {@code <pod uid>/<container>/<restart count>}). Small and serializable; the Jenkins step persists
 * it and {@link KubernetesBackend#attach} continues from it in a new process without repeating or
 * losing a line.
 *
 * @param jobName         the ModelArts name
 * @param baseName        the Kubernetes name of the first attempt (label {@code modelarts-train/job})
 * @param kubernetesName  the Kubernetes name of the current attempt
 * @param uid             the current attempt's Job uid
 * @param submittedAtMillis when the first attempt was submitted (epoch milliseconds), for the duration
 */
public record KubernetesJobHandle(
        String jobName,
        String namespace,
        String baseName,
        String kubernetesName,
        String uid,
        int attempt,
        int maxAttempts,
        int nodes,
        long submittedAtMillis,
        Map<String, LogCursor> logCursors) implements JobHandle {

    private static final long serialVersionUID = 1L;

    public static final String BACKEND = "kubernetes";

    public KubernetesJobHandle {
        logCursors = Collections.unmodifiableMap(new TreeMap<>(logCursors == null ? Map.of() : logCursors));
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    /** The cursor key of one container instance. */
    public static String cursorKey(String podUid, String container, int restartCount) {
        return podUid + "/" + container + "/" + restartCount;
    }
}

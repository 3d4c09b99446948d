package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.modelarts.train.events.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a Job and its pods to a ModelArts status with a reason. It remembers, between calls, since when a
 * container has been failing to start and since when a worker has had no pod, so that "persisting" errors
 * and lost pods become {@link JobStatus#ABNORMAL} only after their grace time. One instance per job
 * attempt; not thread-safe.
 */
final class JobStatusMapper {

    /** Image and container-creation errors that make a job Abnormal when they persist. */
    static final Set<String> START_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CreateContainerConfigError", "CreateContainerError", "RegistryUnavailable");
    /** Start errors that never heal by themselves. */
    static final Set<String> PERMANENT_START_ERRORS = Set.of("InvalidImageName", "ErrImageNeverPull");

    /** What one look at the job says. */
    record Observation(JobStatus status, String reason, String worker, Integer exitCode, String shortReason,
                       boolean retryable, Pod detailPod, boolean suspended) {

        boolean isFinal() {
            return status.isFinal();
        }
    }

    private final int nodes;
    private final String queue;
    private final Duration abnormalAfter;
    private final Duration lostPodTimeout;
    private final Map<String, Instant> failingSince = new HashMap<>();
    private final Map<Integer, Instant> missingSince = new HashMap<>();
    private final Set<Integer> seenIndexes = new HashSet<>();
    private final Map<Integer, String> lastLoss = new HashMap<>();

    JobStatusMapper(int nodes, String queue, Duration abnormalAfter, Duration lostPodTimeout) {
        this.nodes = Math.max(1, nodes);
        this.queue = queue;
        this.abnormalAfter = abnormalAfter;
        this.lostPodTimeout = lostPodTimeout;
    }

    /**
     * @param job   the Job (not null)
     * @param pods  its pods as last seen (deleted ones removed)
     * @param hints extra pending reasons read from events or Kueue, by pod uid or Job uid
     */
    Observation observe(Job job, Collection<Pod> pods, Map<String, String> hints, Instant now) {
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(Comparator.comparingInt(JobStatusMapper::index).thenComparing(p -> p.getMetadata().getName()));
        for (Pod p : sorted) {
            seenIndexes.add(index(p));
        }

        JobCondition complete = condition(job, "Complete");
        if (complete == null) {
            complete = condition(job, "SuccessCriteriaMet");
        }
        if (complete != null) {
            return new Observation(JobStatus.COMPLETED, null, null, null, null, false, null, false);
        }
        JobCondition failed = condition(job, "Failed");
        if (failed == null) {
            failed = condition(job, "FailureTarget");
        }
        if (failed != null) {
            return failure(job, failed, sorted);
        }

        boolean suspended = Boolean.TRUE.equals(job.getSpec() == null ? null : job.getSpec().getSuspend());
        List<Pod> active = new ArrayList<>();
        for (Pod p : sorted) {
            if (!isTerminal(p) && p.getMetadata().getDeletionTimestamp() == null) {
                active.add(p);
            }
        }
        if (suspended && active.isEmpty()) {
            String reason = queue == null ? "the Job is suspended" : "waiting for Kueue to admit the job (queue " + queue + ")";
            String hint = hints.get(job.getMetadata().getUid());
            return new Observation(JobStatus.PENDING, hint == null ? reason : reason + ": " + hint, null, null, null, false, null, true);
        }

        // containers that cannot start
        Set<String> stillFailing = new HashSet<>();
        Observation abnormal = null;
        for (Pod p : active) {
            for (ContainerStatus cs : allStatuses(p)) {
                ContainerStateWaiting w = cs.getState() == null ? null : cs.getState().getWaiting();
                if (w == null || w.getReason() == null || !START_ERRORS.contains(w.getReason())) {
                    continue;
                }
                String key = p.getMetadata().getUid() + "/" + cs.getName();
                stillFailing.add(key);
                Instant since = failingSince.computeIfAbsent(key, k -> now);
                if (abnormal == null && (PERMANENT_START_ERRORS.contains(w.getReason())
                        || !now.isBefore(since.plus(abnormalAfter)))) {
                    String what = "container " + cs.getName() + " cannot start (" + w.getReason()
                            + (w.getMessage() == null || w.getMessage().isBlank() ? "" : ": " + w.getMessage()) + ")";
                    abnormal = new Observation(JobStatus.ABNORMAL, worker(p) + ": " + what, worker(p), null, what, false, p, false);
                }
            }
        }
        failingSince.keySet().retainAll(stillFailing);
        if (abnormal != null) {
            return abnormal;
        }

        // workers left without a pod (evicted or lost and not replaced)
        Set<Integer> covered = new HashSet<>();
        for (Pod p : sorted) {
            String phase = phase(p);
            if ("Succeeded".equals(phase) || (!isTerminal(p) && !"Unknown".equals(phase) && p.getMetadata().getDeletionTimestamp() == null)) {
                covered.add(index(p));
            } else if (isTerminal(p) || "Unknown".equals(phase)) {
                lastLoss.put(index(p), lossReason(p));
            }
        }
        if (!suspended) {
            for (int i = 0; i < nodes; i++) {
                if (covered.contains(i) || !seenIndexes.contains(i)) {
                    missingSince.remove(i);
                    continue;
                }
                Instant since = missingSince.computeIfAbsent(i, k -> now);
                if (!now.isBefore(since.plus(lostPodTimeout))) {
                    String w = KubernetesNames.worker(i);
                    String why = lastLoss.get(i);
                    String what = "pod lost" + (why == null ? "" : " (" + why + ")") + " and not replaced within "
                            + lostPodTimeout.toSeconds() + " s";
                    return new Observation(JobStatus.ABNORMAL, w + ": " + what, w, null, what, true, null, false);
                }
            }
        }

        if (active.isEmpty() && sorted.isEmpty()) {
            String hint = hints.get(job.getMetadata().getUid());
            return new Observation(JobStatus.PENDING, hint != null ? hint : "waiting for the pods to be created", null, null, null,
                    false, null, false);
        }
        for (Pod p : active) {
            if ("Pending".equals(phase(p))) {
                return pending(p, hints);
            }
        }
        return new Observation(JobStatus.RUNNING, null, null, null, null, false, null, false);
    }

    private Observation pending(Pod p, Map<String, String> hints) {
        String prefix = nodes > 1 ? worker(p) + ": " : "";
        String hint = hints.get(p.getMetadata().getUid());
        PodCondition scheduled = podCondition(p, "PodScheduled");
        if (scheduled != null && "False".equals(scheduled.getStatus())) {
            String msg = scheduled.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = hint != null ? hint : "waiting to be scheduled" + (scheduled.getReason() == null ? "" : " (" + scheduled.getReason() + ")");
            }
            return new Observation(JobStatus.PENDING, prefix + msg, worker(p), null, scheduled.getReason(), false, p, false);
        }
        if (scheduled == null && hint == null) {
            return new Observation(JobStatus.PENDING, prefix + "waiting to be scheduled", worker(p), null, null, false, p, false);
        }
        // scheduled: init containers, image pulls, volume mounts
        if (p.getStatus() != null && p.getStatus().getInitContainerStatuses() != null) {
            for (ContainerStatus cs : p.getStatus().getInitContainerStatuses()) {
                if (KubernetesNames.DOWNLOAD_CONTAINER.equals(cs.getName()) && cs.getState() != null && cs.getState().getRunning() != null) {
                    return new Observation(JobStatus.PENDING, prefix + "downloading code and data", worker(p), null, null, false, null, false);
                }
            }
        }
        if (hint != null) {
            return new Observation(JobStatus.PENDING, prefix + hint, worker(p), null, null, false, p, false);
        }
        for (ContainerStatus cs : allStatuses(p)) {
            ContainerStateWaiting w = cs.getState() == null ? null : cs.getState().getWaiting();
            if (w != null && w.getReason() != null) {
                String what = w.getReason() + (w.getMessage() == null || w.getMessage().isBlank() ? "" : ": " + w.getMessage());
                return new Observation(JobStatus.PENDING, prefix + "container " + cs.getName() + " " + what, worker(p), null, w.getReason(),
                        false, p, false);
            }
        }
        return new Observation(JobStatus.PENDING, prefix + "starting containers", worker(p), null, null, false, p, false);
    }

    private Observation failure(Job job, JobCondition failed, List<Pod> pods) {
        if ("DeadlineExceeded".equals(failed.getReason())) {
            Long seconds = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
            String whole = job.getMetadata().getAnnotations() == null ? null
                    : job.getMetadata().getAnnotations().get(KubernetesNames.AUTO_STOP_ANNOTATION);
            if (whole != null && whole.matches("\\d{1,12}")) {
                seconds = Long.parseLong(whole); // a later attempt: say the job's auto stop, not what was left of it
            }
            String what = seconds == null ? "auto stop" : autoStop(seconds);
            return new Observation(JobStatus.TERMINATED, what + AUTO_STOP_DETAIL, null, null, what, false, null, false);
        }
        // the failed worker: a train container that exited with an error, else a failed download, else a failed pod
        for (Pod p : pods) {
            ContainerStateTerminated t = terminated(p, KubernetesNames.TRAIN_CONTAINER, false);
            if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
                String why = t.getReason() == null || "Error".equals(t.getReason()) || "Completed".equals(t.getReason()) ? null : t.getReason();
                if (why == null) {
                    why = io.modelarts.train.events.ExitCodes.hint(t.getExitCode()); // 137/247 memory, 139 package conflict...
                }
                return new Observation(JobStatus.FAILED, worker(p) + " exited with code " + t.getExitCode()
                        + (why == null ? "" : " (" + why + ")"), worker(p), t.getExitCode(), why, true, p, false);
            }
        }
        for (Pod p : pods) {
            ContainerStateTerminated t = terminated(p, KubernetesNames.DOWNLOAD_CONTAINER, true);
            if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
                return new Observation(JobStatus.FAILED, worker(p) + ": download of code or data failed with code " + t.getExitCode(),
                        worker(p), t.getExitCode(), "download of code or data failed", true, p, false);
            }
        }
        for (Pod p : pods) {
            if ("Failed".equals(phase(p))) {
                String why = lossReason(p);
                return new Observation(JobStatus.FAILED, worker(p) + " failed" + (why == null ? "" : " (" + why + ")"), worker(p), null,
                        why, true, p, false);
            }
        }
        String why = failed.getReason() + (failed.getMessage() == null ? "" : ": " + failed.getMessage());
        return new Observation(JobStatus.FAILED, why, null, null, failed.getReason(), true, null, false);
    }

    static final String AUTO_STOP_DETAIL = " (maximum running duration reached)";

    /** {@code auto stop after 2h}: the short reason of a job ended by its auto stop. */
    static String autoStop(long seconds) {
        return "auto stop after " + formatHours(seconds);
    }

    static String formatHours(long seconds) {
        return seconds % 3600 == 0 ? (seconds / 3600) + "h" : seconds + "s";
    }

    static JobCondition condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
                return c;
            }
        }
        return null;
    }

    static PodCondition podCondition(Pod p, String type) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    static boolean isTerminal(Pod p) {
        String phase = phase(p);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** True when the pod failed through a disruption (eviction, preemption, drain): the Job controller replaces it. */
    static boolean isDisrupted(Pod p) {
        PodCondition c = podCondition(p, "DisruptionTarget");
        return (c != null && "True".equals(c.getStatus()))
                || (p.getStatus() != null && ("Evicted".equals(p.getStatus().getReason()) || "Preempting".equals(p.getStatus().getReason())));
    }

    static String lossReason(Pod p) {
        if (p.getStatus() == null) {
            return null;
        }
        String reason = p.getStatus().getReason();
        String message = p.getStatus().getMessage();
        if (reason == null) {
            PodCondition c = podCondition(p, "DisruptionTarget");
            if (c != null) {
                reason = c.getReason();
                message = message == null ? c.getMessage() : message;
            }
        }
        if (reason == null && message == null) {
            return null;
        }
        return reason == null ? message : message == null ? reason : reason + ": " + message;
    }

    static int index(Pod p) {
        String v = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(KubernetesNames.COMPLETION_INDEX);
        if (v == null && p.getMetadata().getLabels() != null) {
            v = p.getMetadata().getLabels().get(KubernetesNames.COMPLETION_INDEX);
        }
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String worker(Pod p) {
        return KubernetesNames.worker(index(p));
    }

    static List<ContainerStatus> allStatuses(Pod p) {
        List<ContainerStatus> all = new ArrayList<>();
        if (p.getStatus() != null) {
            if (p.getStatus().getInitContainerStatuses() != null) {
                all.addAll(p.getStatus().getInitContainerStatuses());
            }
            if (p.getStatus().getContainerStatuses() != null) {
                all.addAll(p.getStatus().getContainerStatuses());
            }
        }
        return all;
    }

    static ContainerStatus status(Pod p, String container, boolean init) {
        if (p.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> list = init ? p.getStatus().getInitContainerStatuses() : p.getStatus().getContainerStatuses();
        if (list == null) {
            return null;
        }
        for (ContainerStatus cs : list) {
            if (container.equals(cs.getName())) {
                return cs;
            }
        }
        return null;
    }

    static ContainerStateTerminated terminated(Pod p, String container, boolean init) {
        ContainerStatus cs = status(p, container, init);
        if (cs == null || cs.getState() == null) {
            return null;
        }
        if (cs.getState().getTerminated() != null) {
            return cs.getState().getTerminated();
        }
        return cs.getLastState() == null ? null : cs.getLastState().getTerminated();
    }
}

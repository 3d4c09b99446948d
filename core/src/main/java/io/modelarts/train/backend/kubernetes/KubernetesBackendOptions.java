package io.modelarts.train.backend.kubernetes;

import java.time.Duration;

/**
 * Tuning of the Kubernetes backend. {@link #DEFAULTS} suit a real cluster; tests shorten the intervals.
 *
 * @param reconcileInterval      how often each namespace with watched jobs is listed, its Jobs and pods (a safety net under the watches)
 * @param pendingReasonInterval  at most one changed Pending reason per this interval; also how often events are read for it
 * @param abnormalAfter          how long an image pull or container-config error may last before the job is Abnormal
 * @param lostPodTimeout         how long a worker may stay without a pod (evicted, lost, not replaced) before the job is Abnormal
 * @param stopTimeout            how long stop waits for the pods to disappear before it reports Terminated anyway
 * @param stopGracePeriodSeconds grace period of the pods deleted by stop
 * @param logThreads             threads of the shared pool that processes log chunks and runs blocking API calls
 * @param finalReadLimitBytes    {@code limitBytes} of one final log read
 * @param finalReadRounds        at most this many final reads per container (so at most rounds × limit bytes)
 * @param finalReadTimeout       idle timeout of a final read
 * @param previousTailLines      lines read from a restarted container's previous instance when it was never followed
 * @param reconnectMin           first delay before re-opening a dropped log stream (doubles up to {@code reconnectMax})
 * @param reconnectMax           longest delay before re-opening a dropped log stream
 */
public record KubernetesBackendOptions(
        Duration reconcileInterval,
        Duration pendingReasonInterval,
        Duration abnormalAfter,
        Duration lostPodTimeout,
        Duration stopTimeout,
        int stopGracePeriodSeconds,
        int logThreads,
        int finalReadLimitBytes,
        int finalReadRounds,
        Duration finalReadTimeout,
        int previousTailLines,
        Duration reconnectMin,
        Duration reconnectMax) {

    public static final KubernetesBackendOptions DEFAULTS = new KubernetesBackendOptions(
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofMinutes(2),
            Duration.ofSeconds(30), 5, 4, 4 << 20, 16, Duration.ofSeconds(60), 1000,
            Duration.ofMillis(500), Duration.ofSeconds(10));

    public KubernetesBackendOptions {
        if (logThreads < 1) {
            throw new IllegalArgumentException("logThreads must be at least 1");
        }
    }

    public KubernetesBackendOptions withReconcileInterval(Duration d) {
        return new KubernetesBackendOptions(d, pendingReasonInterval, abnormalAfter, lostPodTimeout, stopTimeout,
                stopGracePeriodSeconds, logThreads, finalReadLimitBytes, finalReadRounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }

    public KubernetesBackendOptions withPendingReasonInterval(Duration d) {
        return new KubernetesBackendOptions(reconcileInterval, d, abnormalAfter, lostPodTimeout, stopTimeout,
                stopGracePeriodSeconds, logThreads, finalReadLimitBytes, finalReadRounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }

    public KubernetesBackendOptions withAbnormalAfter(Duration d) {
        return new KubernetesBackendOptions(reconcileInterval, pendingReasonInterval, d, lostPodTimeout, stopTimeout,
                stopGracePeriodSeconds, logThreads, finalReadLimitBytes, finalReadRounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }

    public KubernetesBackendOptions withLostPodTimeout(Duration d) {
        return new KubernetesBackendOptions(reconcileInterval, pendingReasonInterval, abnormalAfter, d, stopTimeout,
                stopGracePeriodSeconds, logThreads, finalReadLimitBytes, finalReadRounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }

    public KubernetesBackendOptions withStopTimeout(Duration d) {
        return new KubernetesBackendOptions(reconcileInterval, pendingReasonInterval, abnormalAfter, lostPodTimeout, d,
                stopGracePeriodSeconds, logThreads, finalReadLimitBytes, finalReadRounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }

    public KubernetesBackendOptions withFinalRead(int limitBytes, int rounds) {
        return new KubernetesBackendOptions(reconcileInterval, pendingReasonInterval, abnormalAfter, lostPodTimeout, stopTimeout,
                stopGracePeriodSeconds, logThreads, limitBytes, rounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }

    public KubernetesBackendOptions withLogThreads(int n) {
        return new KubernetesBackendOptions(reconcileInterval, pendingReasonInterval, abnormalAfter, lostPodTimeout, stopTimeout,
                stopGracePeriodSeconds, n, finalReadLimitBytes, finalReadRounds, finalReadTimeout, previousTailLines,
                reconnectMin, reconnectMax);
    }
}

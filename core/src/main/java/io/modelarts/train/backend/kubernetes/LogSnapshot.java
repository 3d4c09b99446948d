package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.logs.WorkerPrefixSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code logs NAME} without follow: reads what the cluster has of every worker's log of one attempt, once, in worker
 * order (download before train), then completes with the job's status as it is now. Nothing is watched.
 */
final class LogSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(LogSnapshot.class);

    private record Found(Job job, List<Pod> pods) {
    }

    private LogSnapshot() {
    }

    /** Reads the logs of the attempt {@code handle} names; fails with {@link JobNotFoundException} when its Job is gone. */
    static CompletableFuture<JobResult> read(KubernetesBackend backend, KubernetesJobHandle handle, JobEventSink sink) {
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        String ns = handle.namespace();
        String name = handle.kubernetesName();
        int nodes = Math.max(1, handle.nodes());
        JobEventSink guarded = new GuardedSink(WorkerPrefixSink.forNodes(sink == null ? JobEventSink.NONE : sink, nodes), handle.jobName());
        backend.io(() -> {
            Job j = backend.jobs.get(ns, name);
            return new Found(j, j == null ? List.of() : backend.jobs.podsOf(j));
        }, (found, error) -> {
            if (error != null || found.job() == null) {
                result.completeExceptionally(error != null ? error : new JobNotFoundException(ns, name));
                return;
            }
            AttemptPods pods = new AttemptPods();
            found.pods().forEach(pods::offer);
            JobLogs logs = new JobLogs(backend, ns, guarded, pods, Map.of(), () -> false, () -> { });
            logs.readOnce().whenComplete((v, t) -> backend.onControl(() -> {
                if (t != null) {
                    LOG.warn("Reading the logs of the Kubernetes Job {}/{} failed", ns, name, t);
                }
                JobStatusMapper m = new JobStatusMapper(nodes, null, Duration.ofDays(365), Duration.ofDays(365));
                JobStatusMapper.Observation o = m.observe(found.job(), pods.all(), Map.of(), Instant.now());
                result.complete(new JobResult(o.status(), handle.attempt(), o.worker(), o.exitCode(),
                        o.isFinal() ? o.shortReason() : o.reason(),
                        Duration.ofMillis(Math.max(0, System.currentTimeMillis() - handle.submittedAtMillis()))));
            }));
        });
        return result;
    }
}

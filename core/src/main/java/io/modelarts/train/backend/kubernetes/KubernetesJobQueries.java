package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the command line asks about a job it did not submit, by its ModelArts name or a Kubernetes name: its status,
 * its logs, a stop, a priority change. Each query reads the latest attempt from the API; a job this backend watches
 * is stopped through its watcher. Get one from {@link KubernetesBackend#queries()}.
 */
public final class KubernetesJobQueries {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesJobQueries.class);

    /** How a stop by name ended. */
    public enum StopOutcome {
        /** The job's Jobs are deleted and its pods are gone. */
        STOPPED,
        /** There is no such job. */
        NOT_FOUND,
        /** The job's Jobs are deleted, but its pods were still terminating when the stop timeout ran out. */
        TIMED_OUT,
        /** The caller was interrupted while waiting for the pods to go (its interrupt flag is set again); deletion was asked for. */
        INTERRUPTED
    }

    private final KubernetesBackend backend;
    private final ClusterJobs jobs;

    KubernetesJobQueries(KubernetesBackend backend) {
        this.backend = backend;
        this.jobs = backend.jobs;
    }

    /**
     * The latest attempt of a job.
     *
     * @throws JobNotFoundException when there is none
     */
    public KubernetesJobInfo status(String namespace, String nameOrModelartsName) {
        String ns = namespaceOr(namespace);
        return describe(ns, latest(ns, nameOrModelartsName));
    }

    /**
     * Changes a Pending job's priority ({@link PriorityChange}: Kueue pools only).
     *
     * @throws JobNotFoundException when there is no such job
     * @throws PriorityChange.RefusedException when the job is not pending, or its pool cannot change it
     */
    public PriorityChange.Outcome changePriority(String namespace, String nameOrModelartsName, int priority) {
        String ns = namespaceOr(namespace);
        Job job = latest(ns, nameOrModelartsName);
        return PriorityChange.apply(backend.client, backend.renderer.catalog(), job, describe(ns, job), priority);
    }

    /**
     * Stops a job: deletes every attempt's Job with its pods and waits (up to the stop timeout) until the pods are gone.
     * A job this backend is watching is stopped through its watcher.
     *
     * @throws JobAlreadyEndedException when its last attempt completed, or failed with no attempt left (it is kept,
     *                                  with its logs, until {@code ttlSecondsAfterFinished} removes it)
     */
    public StopOutcome stop(String namespace, String nameOrModelartsName, String reason) {
        String ns = namespaceOr(namespace);
        Optional<Job> latest = jobs.findLatest(ns, nameOrModelartsName);
        if (latest.isEmpty()) {
            return StopOutcome.NOT_FOUND;
        }
        Job last = latest.get();
        String base = last.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
        KubeJob watched;
        try {
            watched = backend.watched(ns, base);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StopOutcome.INTERRUPTED;
        }
        if (watched != null) {
            return stopWatched(watched, reason);
        }
        boolean complete = JobStatusMapper.condition(last, "Complete") != null;
        boolean failedForGood = JobStatusMapper.condition(last, "Failed") != null
                && JobObjects.attemptOf(last) >= JobObjects.intAnnotation(last, KubernetesNames.ATTEMPTS_ANNOTATION, 1);
        if (complete || failedForGood) {
            throw new JobAlreadyEndedException(JobObjects.modelartsName(last), describe(ns, last).status());
        }
        try {
            jobs.deleteAttempts(ns, base);
            return awaitPodsGone(ns, base, nameOrModelartsName);
        } catch (KubernetesClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                return StopOutcome.INTERRUPTED; // the client gave its call up for the interrupt, and set the flag again
            }
            throw e;
        }
    }

    /** Waits up to the stop timeout until no pod of the job is left. */
    private StopOutcome awaitPodsGone(String ns, String base, String name) {
        long deadline = System.nanoTime() + backend.options.stopTimeout().toNanos();
        while (jobs.hasPods(ns, base)) {
            if (System.nanoTime() >= deadline) {
                LOG.warn("Stopping job {} in namespace {}: its pods were still terminating after the stop timeout ({} s)",
                        name, ns, backend.options.stopTimeout().toSeconds());
                return StopOutcome.TIMED_OUT;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return StopOutcome.INTERRUPTED;
            }
        }
        return StopOutcome.STOPPED;
    }

    private StopOutcome stopWatched(KubeJob watched, String reason) {
        watched.stop(reason);
        // the watcher ends the job at the stop timeout at the latest; the margin covers its last API calls
        long waitMillis = backend.options.stopTimeout().toMillis() + 5000;
        try {
            watched.completion().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StopOutcome.INTERRUPTED;
        } catch (TimeoutException e) {
            LOG.warn("Stopping job {}: its watcher had not ended it after {} ms", watched.jobName(), waitMillis);
            return StopOutcome.TIMED_OUT;
        } catch (CancellationException e) {
            // the backend closed meanwhile: the deletes asked for go on in the cluster, unconfirmed
            LOG.warn("Stopping job {}: its watcher was detached before the stop was confirmed", watched.jobName());
            return StopOutcome.TIMED_OUT;
        } catch (ExecutionException e) {
            throw new IllegalStateException("stopping job " + watched.jobName() + " failed: " + ApiErrors.message(e), e.getCause());
        }
        return watched.stopTimedOut() ? StopOutcome.TIMED_OUT : StopOutcome.STOPPED;
    }

    /**
     * Prints a job's logs (latest attempt, every worker). Without {@code follow} it prints what the cluster
     * has and completes with the job's current status; with {@code follow} it keeps streaming until the job
     * ends and completes with its result.
     *
     * @throws JobNotFoundException when there is no such job
     */
    public CompletableFuture<JobResult> logs(String namespace, String nameOrModelartsName, boolean follow, JobEventSink sink) {
        backend.checkOpen();
        String ns = namespaceOr(namespace);
        KubernetesJobHandle handle = ClusterJobs.handleOf(latest(ns, nameOrModelartsName));
        if (!follow) {
            return LogSnapshot.read(backend, handle, sink);
        }
        KubeJob watcher = new KubeJob(backend, null, ns, sink, handle);
        backend.control.execute(watcher::attachFromHandle);
        return watcher.completion();
    }

    private Job latest(String ns, String name) {
        return jobs.findLatest(ns, name).orElseThrow(() -> new JobNotFoundException(ns, name));
    }

    private String namespaceOr(String namespace) {
        return namespace == null ? backend.defaultNamespace() : namespace;
    }

    private KubernetesJobInfo describe(String ns, Job job) {
        List<Pod> pods = jobs.podsOf(job);
        int nodes = JobObjects.intAnnotation(job, KubernetesNames.NODES_ANNOTATION, 1);
        JobStatusMapper mapper = new JobStatusMapper(nodes, JobObjects.labels(job).get(KubernetesNames.KUEUE_QUEUE_LABEL),
                Duration.ofDays(365), Duration.ofDays(365));
        JobStatusMapper.Observation o = mapper.observe(job, pods, Map.of(), Instant.now());
        List<KubernetesJobInfo.WorkerInfo> workers = new ArrayList<>();
        pods.stream().sorted(Comparator.comparingInt(JobStatusMapper::index).thenComparing(p -> p.getMetadata().getName()))
                .forEach(p -> workers.add(new KubernetesJobInfo.WorkerInfo(JobStatusMapper.worker(p), p.getMetadata().getName(),
                        JobStatusMapper.phase(p), p.getSpec() == null ? null : p.getSpec().getNodeName())));
        return new KubernetesJobInfo(ns, JobObjects.modelartsName(job), job.getMetadata().getName(), job.getMetadata().getUid(),
                JobObjects.attemptOf(job), JobObjects.intAnnotation(job, KubernetesNames.ATTEMPTS_ANNOTATION, 1), nodes, o.status(),
                o.reason(), o.worker(), o.exitCode(), job.getMetadata().getCreationTimestamp(), workers);
    }
}

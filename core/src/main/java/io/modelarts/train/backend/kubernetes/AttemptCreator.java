package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelarts.train.plan.JobPlan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates the attempts of one job, idempotently: attempt 1 is only created when no earlier submission of the same
 * definition exists (that one is followed instead), a finished job of the same name but another definition is
 * replaced, and an active one refuses the submission, as does another active job writing to the same outputs.
 * Blocking API calls: runs on the backend's pool, never on the control thread.
 */
final class AttemptCreator {

    /** What a submission found or created: a Job to follow, or why there is none. */
    record Outcome(Job job, boolean existing, Job conflict, String refusal) {
        static Outcome created(Job job, boolean existing) {
            return new Outcome(job, existing, null, null);
        }
    }

    private final KubernetesBackend backend;
    private final JobPlan plan;
    private final String namespace;
    private final String baseName;
    private final Supplier<Duration> remainingAutoStop;
    /** Attempt 1 as {@link KubernetesBackend#submit} rendered it (to refuse a bad plan at once); rendered again if needed. */
    private volatile List<HasMetadata> firstAttempt;

    AttemptCreator(KubernetesBackend backend, JobPlan plan, String namespace, String baseName, Supplier<Duration> remainingAutoStop) {
        this.backend = backend;
        this.plan = plan;
        this.namespace = namespace;
        this.baseName = baseName;
        this.remainingAutoStop = remainingAutoStop;
    }

    void renderedFirstAttempt(List<HasMetadata> rendered) {
        firstAttempt = rendered;
    }

    /** A new job: finds an earlier submission of it or creates attempt 1. */
    Outcome findOrCreate(NamespaceInformers informers) throws InterruptedException {
        ClusterJobs jobs = backend.jobs;
        // a synced cache answers "submitted before?" without a round trip; a Job it has not seen yet makes the create
        // answer 409 below, which is handled as "submitted before" too
        List<Job> cached = informers == null ? null : informers.cachedAttempts(baseName);
        Optional<Job> latest = JobObjects.latestOf(cached != null ? cached : jobs.listAttempts(namespace, baseName));
        if (latest.isPresent()) {
            Job j = latest.get();
            if (sameJob(j)) {
                return Outcome.created(j, true);
            }
            if (!JobObjects.isFinished(j)) {
                return new Outcome(null, false, j, null);
            }
            // a finished job of the same name but another definition: replace it (below)
            jobs.deleteAttempts(namespace, baseName);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!jobs.listAttempts(namespace, baseName).isEmpty()) {
                if (System.nanoTime() >= deadline) {
                    throw new IllegalStateException("timed out after 60 s waiting for the finished Kubernetes Job " + namespace + "/"
                            + j.getMetadata().getName() + " (another definition of this job) to be deleted");
                }
                Thread.sleep(250);
            }
        }
        // output-path exclusivity: no other active job of the namespace may write where this one writes
        // (a synced cache is looked up by output folder; otherwise every Job of the namespace is listed and compared)
        Function<String, List<Job>> byOutput = informers == null ? null : informers.cachedByOutput();
        String refusal = byOutput != null ? OutputPaths.conflict(plan, baseName, byOutput)
                : OutputPaths.conflict(plan, baseName, jobs.listManaged(namespace));
        if (refusal != null) {
            return new Outcome(null, false, null, refusal);
        }
        return create(1);
    }

    /**
     * Whether the existing Job {@code j} runs this plan: its spec hash is this plan's, or, for a Job that an earlier
     * version submitted, the digest that version computed (only worked out when the current one differs).
     */
    private boolean sameJob(Job j) {
        String theirs = j.getMetadata().getAnnotations() == null ? null
                : j.getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION);
        if (theirs == null) {
            return false;
        }
        String secret = backend.renderer.catalog().storage().credentialsSecret();
        List<HasMetadata> rendered = firstAttempt;
        String mine = rendered != null ? rendered.get(0).getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION)
                : backend.renderer.specHash(plan, secret);
        return theirs.equals(mine) || theirs.equals(backend.renderer.legacySpecHash(plan, secret));
    }

    /** Creates attempt {@code n} (a Job of that name already there and ours counts as created). */
    Outcome create(int n) {
        List<HasMetadata> objects = n == 1 && firstAttempt != null ? firstAttempt
                : n == 1 ? backend.renderer.render(plan, n, namespace)
                : backend.renderer.renderLaterAttempt(plan, n, namespace, remainingAutoStop.get());
        firstAttempt = null;
        Job j = (Job) objects.get(0);
        Job created;
        boolean existing = false;
        try {
            created = backend.client.batch().v1().jobs().inNamespace(namespace).resource(j).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            created = backend.jobs.get(namespace, j.getMetadata().getName());
            if (created == null || !JobObjects.isOurs(created)) {
                throw new IllegalStateException("a Job named " + j.getMetadata().getName() + " already exists in namespace " + namespace
                        + " and is not managed by modelarts-train");
            }
            existing = true;
        }
        backend.jobs.createOwned(objects, created);
        return Outcome.created(created, existing);
    }
}

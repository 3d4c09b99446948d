package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelarts.train.plan.JobPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates the attempts of one job, idempotently: attempt 1 is only created when no earlier submission of the same
 * definition exists (that one is followed instead), a finished job of the same name but another definition is
 * replaced, and an active one refuses the submission, as does another active job writing to the same outputs.
 * The blocking methods run on the backend's pool, never on the control thread; {@link #fromCache} blocks nowhere.
 */
final class AttemptCreator {

    /** What a submission found or created: a Job to follow, or why there is none. */
    record Outcome(Job job, boolean existing, Job conflict, String refusal) {
        static Outcome created(Job job, boolean existing) {
            return new Outcome(job, existing, null, null);
        }
    }

    /** Creates sent in all when they fail on the way; the pauses between them double from the first. */
    static final int CREATE_ATTEMPTS = 5;
    static final long CREATE_FIRST_PAUSE_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AttemptCreator.class);

    private final KubernetesBackend backend;
    private final JobPlan plan;
    private final String namespace;
    private final String baseName;
    private final Supplier<Duration> remainingAutoStop;
    /** Attempt 1 as {@link KubernetesBackend#submit} rendered it (to refuse a bad plan at once); rendered again if needed. */
    private volatile List<HasMetadata> firstAttempt;
    /** The JSON of {@link #firstAttempt}'s Job spec, serialised for its spec hash, which its create sends as it is. */
    private volatile byte[] firstAttemptSpecJson;

    AttemptCreator(KubernetesBackend backend, JobPlan plan, String namespace, String baseName, Supplier<Duration> remainingAutoStop) {
        this.backend = backend;
        this.plan = plan;
        this.namespace = namespace;
        this.baseName = baseName;
        this.remainingAutoStop = remainingAutoStop;
    }

    void renderedFirstAttempt(KubernetesRenderer.FirstAttempt rendered) {
        firstAttemptSpecJson = rendered.jobSpecJson();
        firstAttempt = rendered.objects();
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

    /**
     * A new job decided on the namespace's synced caches alone, without a blocking call: an earlier submission of it
     * (followed), another active job under its name or at its outputs (refused), or else attempt 1 created with
     * {@link AsyncJobCreate}, completing on the HTTP client's thread. Null when only {@link #findOrCreate} can tell:
     * the caches are not synced, or a finished job of another definition must be deleted first. Any thread.
     */
    CompletableFuture<Outcome> fromCache(NamespaceInformers informers) {
        List<Job> cached = informers == null ? null : informers.cachedAttempts(baseName);
        Function<String, List<Job>> byOutput = informers == null ? null : informers.cachedByOutput();
        if (cached == null || byOutput == null) {
            return null;
        }
        Optional<Job> latest = JobObjects.latestOf(cached);
        if (latest.isPresent()) {
            Job j = latest.get();
            if (sameJob(j)) {
                return CompletableFuture.completedFuture(Outcome.created(j, true));
            }
            return JobObjects.isFinished(j) ? null : CompletableFuture.completedFuture(new Outcome(null, false, j, null));
        }
        String refusal = OutputPaths.conflict(plan, baseName, byOutput);
        if (refusal != null) {
            return CompletableFuture.completedFuture(new Outcome(null, false, null, refusal));
        }
        byte[] specJson = firstAttempt != null ? firstAttemptSpecJson : null;
        List<HasMetadata> objects = objectsOf(1);
        return sendAsync(objects, specJson, 1);
    }

    /**
     * Sends create number {@code sent} of {@code objects} with {@link AsyncJobCreate}, and again after a pause while it
     * fails on the way: the pauses wait on a timer, not on a thread of the backend's pool (with thousands of jobs
     * submitted into an overloaded API server, sleeping threads would hold up every other job's work).
     */
    private CompletableFuture<Outcome> sendAsync(List<HasMetadata> objects, byte[] specJson, int sent) {
        return backend.creates.submit(() -> AsyncJobCreate.create(backend.client, namespace, (Job) objects.get(0), specJson)).handle((created, error) -> {
            if (error == null && objects.size() == 1) {
                return CompletableFuture.completedFuture(Outcome.created(created, false));
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause != null && ApiErrors.isTransient(cause) && sent < CREATE_ATTEMPTS) {
                return resendLater(objects, specJson, cause, sent);
            }
            if (cause != null && !(cause instanceof KubernetesClientException k && k.getCode() == 409)) {
                return CompletableFuture.<Outcome>failedFuture(cause);
            }
            // the Service of a multi-node job, or the Job found there already: blocking calls, on the backend's pool
            return CompletableFuture.supplyAsync(() -> cause == null ? owned(objects, created, false) : alreadyThere(objects), backend.pool);
        }).thenCompose(f -> f);
    }

    /** Create number {@code sent} failed on the way: the next one is sent from the backend's pool after the pause. */
    private CompletableFuture<Outcome> resendLater(List<HasMetadata> objects, byte[] specJson, Throwable cause, int sent) {
        long pause = CREATE_FIRST_PAUSE_MS << (sent - 1);
        LOG.warn("Creating the Kubernetes Job {}/{} failed ({}); sending it again in {} ms ({} of {})", namespace,
                objects.get(0).getMetadata().getName(), ApiErrors.message(cause), pause, sent + 1, CREATE_ATTEMPTS);
        CompletableFuture<Outcome> next = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS).execute(() -> {
            try {
                backend.pool.execute(() -> sendAsync(objects, specJson, sent + 1).whenComplete((outcome, error) -> {
                    if (error != null) {
                        next.completeExceptionally(error);
                    } else {
                        next.complete(outcome);
                    }
                }));
            } catch (RejectedExecutionException e) {
                next.completeExceptionally(new IllegalStateException("the Kubernetes backend was closed before the Job "
                        + namespace + "/" + objects.get(0).getMetadata().getName() + " could be created again", e));
            }
        });
        return next;
    }

    /** Creates attempt {@code n} (a Job of that name already there and ours counts as created). Blocking. */
    Outcome create(int n) throws InterruptedException {
        return createRetrying(objectsOf(n));
    }

    /**
     * Creates the Job of {@code objects}, sending the create again while it fails on the way ({@link ApiErrors#isTransient}:
     * no answer, 429, 5xx), {@value #CREATE_ATTEMPTS} times in all with growing pauses. A create that timed out may
     * still have been applied: its Job then answers the next one with 409, and being ours it is followed as created.
     * Blocking: for the creates that run on the backend's pool anyway ({@link #findOrCreate}, later attempts); a
     * submission decided on the caches retries on a timer instead ({@link #sendAsync}).
     */
    private Outcome createRetrying(List<HasMetadata> objects) throws InterruptedException {
        Job j = (Job) objects.get(0);
        Throwable last = null;
        for (int sent = 0; ; sent++) {
            if (last != null) {
                long pause = CREATE_FIRST_PAUSE_MS << (sent - 1);
                LOG.warn("Creating the Kubernetes Job {}/{} failed ({}); sending it again in {} ms ({} of {})", namespace,
                        j.getMetadata().getName(), ApiErrors.message(last), pause, sent + 1, CREATE_ATTEMPTS);
                Thread.sleep(pause);
            }
            try {
                return owned(objects, backend.client.batch().v1().jobs().inNamespace(namespace).resource(j).create(), false);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return alreadyThere(objects);
                }
                if (!ApiErrors.isTransient(e) || sent + 1 >= CREATE_ATTEMPTS) {
                    throw e;
                }
                last = e;
            }
        }
    }

    /** The objects of attempt {@code n}: attempt 1 as submit() rendered it (once), others rendered now. */
    private List<HasMetadata> objectsOf(int n) {
        List<HasMetadata> objects = n == 1 && firstAttempt != null ? firstAttempt
                : n == 1 ? backend.renderer.render(plan, n, namespace)
                : backend.renderer.renderLaterAttempt(plan, n, namespace, remainingAutoStop.get());
        firstAttempt = null;
        firstAttemptSpecJson = null;
        objects.get(0).getMetadata().getAnnotations().put(KubernetesNames.CREATE_ID_ANNOTATION, UUID.randomUUID().toString());
        return objects;
    }

    /** The create answered 409: a Job of that name is there; ours counts as created. Blocking. */
    private Outcome alreadyThere(List<HasMetadata> objects) {
        String name = objects.get(0).getMetadata().getName();
        Job found = backend.jobs.get(namespace, name);
        if (found == null || !JobObjects.isOurs(found)) {
            throw new IllegalStateException("a Job named " + name + " already exists in namespace " + namespace
                    + " and is not managed by modelarts-train");
        }
        // our own create, applied although its answer was lost (a timeout; the HTTP client may have sent it again): created
        String mine = objects.get(0).getMetadata().getAnnotations().get(KubernetesNames.CREATE_ID_ANNOTATION);
        Map<String, String> theirs = found.getMetadata().getAnnotations();
        boolean existing = mine == null || theirs == null || !mine.equals(theirs.get(KubernetesNames.CREATE_ID_ANNOTATION));
        return owned(objects, found, existing);
    }

    /** Creates the objects {@code job} owns (a multi-node job's Service). Blocking. */
    private Outcome owned(List<HasMetadata> objects, Job job, boolean existing) {
        backend.jobs.createOwned(objects, job);
        return Outcome.created(job, existing);
    }
}

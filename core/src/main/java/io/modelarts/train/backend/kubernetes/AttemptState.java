package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the backend knows of a job's current attempt: its Job and its pods, from the informers' events, the namespace's
 * synced caches and, as the safety net under the informers, the namespace's periodic lists ({@link NamespaceSweep}).
 * Where one job needs a fresh look of its own (its first look while the caches are not synced, a failure to re-check,
 * a stop to confirm) a GET of its Job with a list of its pods is sent ({@link #reconcile()}): one at a time, another
 * asked for meanwhile follows it. After each change the owner is told to look at the job again. Control thread only.
 */
final class AttemptState implements NamespaceSweep.Target {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptState.class);

    private enum Recheck { NONE, REQUESTED, DONE }

    private record Snapshot(Job job, List<Pod> pods, String listVersion) {
    }

    private final KubernetesBackend backend;
    private final String namespace;
    private final String baseName;
    /** Whether the attempt is still watched (active or being stopped); a GET/list is pointless otherwise. */
    private final BooleanSupplier watching;
    /** Looks at the job again. */
    private final Runnable evaluate;
    private final AttemptPods pods = new AttemptPods();

    private String name;
    private String uid;
    private int attempt;
    private Job job;
    private boolean jobDeleted;
    /** False until the first GET of the attempt arrived: evaluating before it could end a job without its pods. */
    private boolean seeded;
    private boolean reconcileInFlight;
    /** Another GET/list is wanted as soon as the one in flight has answered. */
    private boolean reconcileAgain;
    /** Whether a failure without a named worker was re-checked with a fresh list of the pods. */
    private Recheck failureRecheck = Recheck.NONE;

    AttemptState(KubernetesBackend backend, String namespace, String baseName, BooleanSupplier watching, Runnable evaluate) {
        this.backend = backend;
        this.namespace = namespace;
        this.baseName = baseName;
        this.watching = watching;
        this.evaluate = evaluate;
    }

    /** A new attempt follows: nothing known of this one applies to it. */
    void forget() {
        pods.clear();
        failureRecheck = Recheck.NONE;
    }

    /** The attempt a handle names, before its Job is read: a GET/list can already look for it (a stop while re-attaching). */
    void expect(String jobName, String jobUid, int attemptNumber) {
        name = jobName;
        uid = jobUid;
        attempt = attemptNumber;
    }

    /** Follows {@code j} from now on. */
    void adopt(Job j, int attemptNumber) {
        name = j.getMetadata().getName();
        uid = j.getMetadata().getUid();
        attempt = attemptNumber;
        job = HeldObjects.reduce(j); // the create's or a GET's answer: only what the engine reads is kept
        jobDeleted = false;
        seeded = false;
    }

    Job job() {
        return job;
    }

    boolean jobDeleted() {
        return jobDeleted;
    }

    boolean seeded() {
        return seeded;
    }

    AttemptPods pods() {
        return pods;
    }

    /**
     * The first look at the Job and its pods from the namespace's synced caches instead of the API; false when they are
     * not synced. Events for them that came before the Job was routed to its watcher were dropped, but the cache had
     * taken them in first.
     */
    boolean seedFromCache() {
        NamespaceInformers informers = backend.informersOf(namespace);
        if (informers == null || !informers.synced()) {
            return false;
        }
        Job cached = informers.cachedJob(name);
        if (cached != null && Objects.equals(uid, cached.getMetadata().getUid()) && JobObjects.newer(cached, job)) {
            job = cached;
        }
        for (Pod p : informers.cachedPods(uid)) {
            pods.offer(p);
        }
        seeded = true;
        return true;
    }

    /** An informer's Job event; false when it is not this attempt's Job. */
    boolean onJob(Job j, boolean deleted) {
        if (uid == null || !uid.equals(j.getMetadata().getUid())) {
            return false;
        }
        if (deleted) {
            jobDeleted = true;
        } else if (JobObjects.newer(j, job)) {
            job = j;
        }
        return true;
    }

    /** Whether {@code p} belongs to this attempt (its Job owns it). */
    boolean owns(Pod p) {
        return uid != null && uid.equals(JobObjects.ownerUid(p));
    }

    /**
     * The Job failed, but no worker was seen failing: true when a fresh list of the pods was read (or could not be) since,
     * so the failure is final as it is; otherwise one is requested and the owner hears again when it answers. The Job's
     * Failed condition and its pods' last updates come through different watches, in either order, and a watch can lag
     * or fail: the re-list lets the reason name the worker and its exit code.
     */
    boolean failureRechecked() {
        if (failureRecheck == Recheck.DONE) {
            return true;
        }
        if (failureRecheck == Recheck.NONE) {
            failureRecheck = Recheck.REQUESTED;
            reconcile();
        }
        return false;
    }

    /** Re-reads the Job and its pods with GET/list: the safety net under the informers. */
    void reconcile() {
        if (!watching.getAsBoolean() || uid == null) {
            return;
        }
        if (reconcileInFlight) {
            reconcileAgain = true;
            return;
        }
        reconcileInFlight = true;
        boolean answersRecheck = failureRecheck == Recheck.REQUESTED;
        String asked = name;
        int n = attempt;
        backend.io(() -> {
            Job j = HeldObjects.reduce(backend.jobs.get(namespace, asked));
            PodList list = backend.client.pods().inNamespace(namespace).withLabel(KubernetesNames.JOB_LABEL, baseName)
                    .withLabel(KubernetesNames.ATTEMPT_LABEL, String.valueOf(n)).list();
            String version = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
            return new Snapshot(j, HeldObjects.reducePods(list.getItems()), version);
        }, (s, error) -> {
            reconcileInFlight = false;
            if (!asked.equals(name)) {
                return; // an attempt ago
            }
            if (reconcileAgain) {
                reconcileAgain = false;
                backend.onControl(this::reconcile);
            }
            if (answersRecheck && failureRecheck == Recheck.REQUESTED) {
                failureRecheck = Recheck.DONE;
            }
            if (error != null) {
                // transient: the next round or the informers will tell
                LOG.debug("Re-reading the Kubernetes Job {}/{} failed", namespace, asked, error);
                if (!seeded) {
                    backend.onControlLater(this::reconcile, 1000); // the first look is needed before anything else
                } else if (answersRecheck) {
                    evaluate.run(); // the re-check could not be made: end with what is known rather than wait
                }
                return;
            }
            take(s.job(), s.pods(), s.listVersion());
        });
    }

    @Override
    public String sweepUid() {
        return watching.getAsBoolean() ? uid : null;
    }

    /** The namespace's lists, sent while {@code askedUid} was this attempt's: what they say of it is taken. */
    @Override
    public void swept(String askedUid, NamespaceSweep.Listing listing) {
        if (!Objects.equals(askedUid, uid) || !watching.getAsBoolean()) {
            return; // another attempt since, or no longer watched
        }
        take(listing.job(name), listing.podsOf(uid), listing.podListVersion());
    }

    /** A full read of the attempt (its Job, null when it is gone, and every pod of it) answered at {@code podListVersion}. */
    private void take(Job read, List<Pod> attemptPods, String podListVersion) {
        seeded = true;
        if (read == null || !Objects.equals(uid, read.getMetadata().getUid())) {
            jobDeleted = true;
        } else if (JobObjects.newer(read, job) && !JobObjects.sameVersion(read, job)) {
            job = read; // the same version stays the instance held already (the informer's: one copy per Job)
        }
        pods.replaceWith(attemptPods, uid, podListVersion);
        evaluate.run();
    }
}

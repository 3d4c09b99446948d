package io.modelarts.train.testing.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A small stand-in for the Job controller, the scheduler, the kubelet and the garbage collector, on top
 * of the fabric8 mock API server (which stores objects but runs no controller). It watches the Jobs that
 * carry {@code app.kubernetes.io/managed-by=modelarts-train} and, for each one that is not suspended,
 * creates one pod per completion index (named {@code <job>-<index>-<5 random>}, labelled and annotated
 * with the completion index like the real controller, owned by the Job), then runs the test's
 * {@link WorkerBehaviour} for each pod on a thread of its own. Pod phases feed back into the Job's status
 * (active, succeeded, failed, the Complete / Failed conditions), a failed pod fails the Job
 * ({@code backoffLimit: 0}) and stops the others, an evicted pod (DisruptionTarget) is replaced, and a
 * deleted Job takes its pods and Services with it.
 */
public final class TestKubelet implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TestKubelet.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final LogStore logs;
    private final SharedIndexInformer<Job> jobInformer;
    private final SharedIndexInformer<Pod> podInformer;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-kubelet-worker");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> startedJobs = ConcurrentHashMap.newKeySet();
    private final Set<String> replaced = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, PodControl> controls = new ConcurrentHashMap<>();
    private final Map<String, Integer> incarnations = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> signals = new ConcurrentHashMap<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Map<String, List<Throwable>> errorsByNamespace = new ConcurrentHashMap<>();
    private final List<String> createdPods = new CopyOnWriteArrayList<>();
    private volatile WorkerBehaviour behaviour = WorkerBehaviour.succeed();
    private volatile boolean closed;
    private final Map<String, WorkerBehaviour> behaviours = new ConcurrentHashMap<>();

    public TestKubelet(KubernetesClient client, LogStore logs) {
        this.client = client;
        this.logs = logs;
        this.jobInformer = client.batch().v1().jobs().inAnyNamespace()
                .withLabel("app.kubernetes.io/managed-by", "modelarts-train").runnableInformer(0);
        this.podInformer = client.pods().inAnyNamespace()
                .withLabel("app.kubernetes.io/managed-by", "modelarts-train").runnableInformer(0);
        jobInformer.exceptionHandler((started, t) -> true);
        podInformer.exceptionHandler((started, t) -> true);
        jobInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                workers.execute(() -> jobSeen(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job job) {
                workers.execute(() -> jobSeen(job));
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                workers.execute(() -> jobDeleted(job));
            }
        });
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                PodControl c = controls.get(pod.getMetadata().getUid());
                if (c != null) {
                    c.gone = true;
                }
                logs.endAll(pod.getMetadata().getUid());
            }
        });
        jobInformer.start().toCompletableFuture().join();
        podInformer.start().toCompletableFuture().join();
    }

    /** What every pod created from now on does (unless its namespace has a behaviour of its own). */
    public TestKubelet behaviour(WorkerBehaviour b) {
        this.behaviour = b;
        return this;
    }

    /** What the pods created from now on in {@code namespace} do: lets tests share one cluster, a namespace each. */
    public TestKubelet behaviour(String namespace, WorkerBehaviour b) {
        behaviours.put(namespace, b);
        return this;
    }

    public LogStore logs() {
        return logs;
    }

    /** Lets the workers waiting in {@link PodControl#await(String)} on {@code name} continue. */
    public void signal(String name) {
        signals.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
    }

    /** Waits for {@code name}; returns early when {@code pod} is deleted. */
    void awaitSignal(String name, PodControl pod) throws InterruptedException {
        CountDownLatch latch = signals.computeIfAbsent(name, k -> new CountDownLatch(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!latch.await(100, TimeUnit.MILLISECONDS)) {
            if (pod.gone || closed) {
                throw new PodControl.PodGoneException(pod.name());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("signal " + name + " never came");
            }
        }
    }

    /** Errors thrown by behaviours (other than a pod being gone); a test asserts this is empty. */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /** Errors thrown by the behaviours of pods in {@code namespace}. */
    public List<Throwable> errors(String namespace) {
        return errorsByNamespace.getOrDefault(namespace, List.of());
    }

    /** Names of every pod created so far, in order. */
    public List<String> createdPods() {
        return List.copyOf(createdPods);
    }

    /** The control of a pod by name, once created. */
    public PodControl control(String podName) {
        return controls.values().stream().filter(c -> c.name().equals(podName)).findFirst().orElse(null);
    }

    /** Admits a suspended Job (what Kueue does): {@code spec.suspend=false}. */
    public void admit(String namespace, String jobName) {
        client.batch().v1().jobs().inNamespace(namespace).withName(jobName).edit(j -> {
            j.getSpec().setSuspend(false);
            return j;
        });
    }

    /** The Job ran past {@code activeDeadlineSeconds}: Failed with reason DeadlineExceeded, its pods deleted. */
    public void exceedDeadline(String namespace, String jobName) {
        synchronized (lock(namespace, jobName)) {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
            if (job == null) {
                return;
            }
            JobStatus st = job.getStatus() == null ? new JobStatus() : job.getStatus();
            addCondition(st, "FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline");
            addCondition(st, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
            st.setActive(0);
            putStatus(job, st);
            for (Pod p : podsOf(job)) {
                if (!terminal(p)) {
                    deletePod(p);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the Job controller

    private void jobSeen(Job job) {
        try {
            if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
                return;
            }
            if (!startedJobs.add(job.getMetadata().getUid())) {
                return;
            }
            int n = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
            synchronized (lock(job.getMetadata().getNamespace(), job.getMetadata().getName())) {
                Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).get();
                if (current == null) {
                    return;
                }
                JobStatus st = current.getStatus() == null ? new JobStatus() : current.getStatus();
                st.setStartTime(PodControl.now());
                st.setActive(n);
                putStatus(current, st);
            }
            for (int i = 0; i < n; i++) {
                createPod(job, i);
            }
        } catch (RuntimeException e) {
            error(job.getMetadata().getNamespace(), e);
        }
    }

    private void createPod(Job job, int index) {
        String ns = job.getMetadata().getNamespace();
        String jobName = job.getMetadata().getName();
        PodSpec spec = Serialization.clone(job.getSpec().getTemplate().getSpec());
        spec.setHostname(jobName + "-" + index);
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("batch.kubernetes.io/job-name", jobName);
        labels.put("job-name", jobName);
        labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
        labels.put("controller-uid", job.getMetadata().getUid());
        labels.put("batch.kubernetes.io/job-completion-index", String.valueOf(index));
        Map<String, String> annotations = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getAnnotations() == null
                ? Map.of() : job.getSpec().getTemplate().getMetadata().getAnnotations());
        annotations.put("batch.kubernetes.io/job-completion-index", String.valueOf(index));
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(jobName)
                .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
        Pod pod = new PodBuilder().withNewMetadata().withName(jobName + "-" + index + "-" + random5()).withNamespace(ns)
                .withLabels(labels).withAnnotations(annotations).withOwnerReferences(owner).endMetadata()
                .withSpec(spec).withNewStatus().withPhase("Pending").endStatus().build();
        Pod created = client.pods().inNamespace(ns).resource(pod).create();
        createdPods.add(created.getMetadata().getName());
        String attemptLabel = labels.get("modelarts-train/attempt");
        int attempt = attemptLabel == null ? 1 : Integer.parseInt(attemptLabel);
        int incarnation = incarnations.merge(job.getMetadata().getUid() + "/" + index, 1, Integer::sum) - 1;
        PodControl control = new PodControl(this, created, jobName, index, attempt, incarnation);
        controls.put(created.getMetadata().getUid(), control);
        WorkerBehaviour b = behaviours.getOrDefault(ns, behaviour);
        workers.execute(() -> {
            try {
                b.run(control);
            } catch (PodControl.PodGoneException e) {
                // the pod was deleted under the behaviour: fine
            } catch (KubernetesClientException e) {
                if (!control.gone && e.getCode() != 404) {
                    error(ns, e);
                }
            } catch (Throwable t) {
                if (!control.gone) {
                    error(ns, t);
                }
            }
        });
    }

    /** Recomputes a Job's status from its pods: counts, Complete / Failed, replacement of evicted pods. */
    void syncJob(String ns, String jobName) {
        List<Integer> replace = new ArrayList<>();
        Job job;
        synchronized (lock(ns, jobName)) {
            job = client.batch().v1().jobs().inNamespace(ns).withName(jobName).get();
            if (job == null) {
                return;
            }
            JobStatus st = job.getStatus() == null ? new JobStatus() : job.getStatus();
            if (hasCondition(st, "Complete") || hasCondition(st, "Failed")) {
                return;
            }
            List<Pod> pods = podsOf(job);
            int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
            int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
            boolean ignoreDisruptions = job.getSpec().getPodFailurePolicy() != null;
            Set<Integer> succeeded = new HashSet<>();
            int failed = 0;
            int active = 0;
            for (Pod p : pods) {
                String phase = p.getStatus() == null ? "Pending" : p.getStatus().getPhase();
                if ("Succeeded".equals(phase)) {
                    succeeded.add(index(p));
                } else if ("Failed".equals(phase)) {
                    if (ignoreDisruptions && disrupted(p)) {
                        if (replaced.add(p.getMetadata().getUid())) {
                            replace.add(index(p));
                        }
                    } else {
                        failed++;
                    }
                } else {
                    active++;
                }
            }
            st.setSucceeded(succeeded.size());
            st.setFailed(failed);
            st.setActive(active + replace.size());
            if (failed > backoffLimit) {
                addCondition(st, "FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
                addCondition(st, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
                st.setActive(0);
                replace.clear();
                putStatus(job, st);
                for (Pod p : pods) {
                    if (!terminal(p)) {
                        deletePod(p);
                    }
                }
                return;
            }
            if (succeeded.size() >= completions) {
                addCondition(st, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
                addCondition(st, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
                st.setCompletionTime(PodControl.now());
                st.setActive(0);
            }
            putStatus(job, st);
        }
        for (int i : replace) {
            createPod(job, i);
        }
    }

    private void error(String ns, Throwable t) {
        // printed with its stack, so that a test that fails on it shows where (the list keeps only the exception)
        LOG.error("The test kubelet failed in namespace {}", ns, t);
        errors.add(t);
        errorsByNamespace.computeIfAbsent(ns, k -> new CopyOnWriteArrayList<>()).add(t);
    }

    private void jobDeleted(Job job) {
        // the garbage collector: owned pods and services go with their Job
        String uid = job.getMetadata().getUid();
        String ns = job.getMetadata().getNamespace();
        for (Pod p : client.pods().inNamespace(ns).list().getItems()) {
            if (ownedBy(p, uid)) {
                deletePod(p);
            }
        }
        for (Service s : client.services().inNamespace(ns).list().getItems()) {
            if (ownedBy(s, uid)) {
                client.services().inNamespace(ns).withName(s.getMetadata().getName()).delete();
            }
        }
    }

    private void deletePod(Pod p) {
        PodControl c = controls.get(p.getMetadata().getUid());
        if (c != null) {
            c.gone = true;
        }
        logs.endAll(p.getMetadata().getUid());
        client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
    }

    // ---------------------------------------------------------------- API helpers for PodControl

    Pod getPod(String ns, String name) {
        return client.pods().inNamespace(ns).withName(name).get();
    }

    void updatePodStatus(String ns, String name, Consumer<PodStatus> change) {
        synchronized (lock(ns, "pod/" + name)) {
            Pod p = client.pods().inNamespace(ns).withName(name).get();
            if (p == null) {
                throw new PodControl.PodGoneException(name);
            }
            PodStatus st = p.getStatus() == null ? new PodStatus() : p.getStatus();
            change.accept(st);
            p.setStatus(st);
            p.getMetadata().setResourceVersion(null);
            // as a kubelet does, a status update that fails on the way (a timeout under load, a 5xx) is sent again
            for (int attempt = 1; ; attempt++) {
                try {
                    client.pods().inNamespace(ns).resource(p).updateStatus();
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 404) {
                        throw new PodControl.PodGoneException(name);
                    }
                    boolean retryable = e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 429;
                    if (!retryable || attempt == 3 || closed) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new PodControl.PodGoneException(name);
                }
            }
        }
    }

    void event(PodControl pod, String type, String reason, String message) {
        Event e = new EventBuilder().withNewMetadata().withName(pod.name() + "." + random5()).withNamespace(pod.namespace()).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withName(pod.name()).withNamespace(pod.namespace())
                .withUid(pod.uid()).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withLastTimestamp(PodControl.now()).withFirstTimestamp(PodControl.now())
                .withCount(1).withNewSource().withComponent("default-scheduler").endSource().build();
        client.v1().events().inNamespace(pod.namespace()).resource(e).create();
    }

    List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems();
    }

    private List<Pod> podsOf(Job job) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel("job-name", job.getMetadata().getName())
                .list().getItems()) {
            if (ownedBy(p, job.getMetadata().getUid())) {
                out.add(p);
            }
        }
        return out;
    }

    private void putStatus(Job job, JobStatus st) {
        job.setStatus(st);
        job.getMetadata().setResourceVersion(null);
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus();
    }

    private static void addCondition(JobStatus st, String type, String reason, String message) {
        List<JobCondition> list = st.getConditions() == null ? new ArrayList<>() : new ArrayList<>(st.getConditions());
        list.add(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastTransitionTime(PodControl.now()).withLastProbeTime(PodControl.now()).build());
        st.setConditions(list);
    }

    private static boolean hasCondition(JobStatus st, String type) {
        return st.getConditions() != null && st.getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean disrupted(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private static boolean terminal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean ownedBy(io.fabric8.kubernetes.api.model.HasMetadata o, String uid) {
        return o.getMetadata().getOwnerReferences() != null
                && o.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()));
    }

    private static int index(Pod p) {
        String v = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private Object lock(String ns, String name) {
        return locks.computeIfAbsent(ns + "/" + name, k -> new Object());
    }

    private static String random5() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** For images in tests: the containers of a pod template by name. */
    static List<String> containerNames(PodSpec spec) {
        List<String> names = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            spec.getInitContainers().stream().map(Container::getName).forEach(names::add);
        }
        spec.getContainers().stream().map(Container::getName).forEach(names::add);
        return names;
    }

    @Override
    public void close() {
        closed = true;
        jobInformer.stop();
        podInformer.stop();
        workers.shutdownNow();
        signals.values().forEach(l -> {
            while (l.getCount() > 0) {
                l.countDown();
            }
        });
    }
}

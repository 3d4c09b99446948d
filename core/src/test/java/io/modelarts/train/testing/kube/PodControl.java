package io.modelarts.train.testing.kube;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves one pod of the {@link TestKubelet} through its life: scheduling, pulling, the download init
 * container, running (with the output-sync sidecar), log lines, exit, container restarts, eviction. Each
 * call updates the pod's status in the mock API server (so the backend's informers see it) and the
 * {@link LogStore}. Calls on a deleted pod throw {@link PodGoneException}.
 */
public final class PodControl {

    /** The pod no longer exists (the Job was deleted or stopped). */
    public static final class PodGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PodGoneException(String pod) {
            super("pod " + pod + " is gone");
        }
    }

    public static final String TRAIN = "train";
    public static final String DOWNLOAD = "download";
    public static final String SYNC = "output-sync";

    private final TestKubelet kubelet;
    private final String namespace;
    private final String name;
    private final String uid;
    private final String jobName;
    private final int index;
    private final int attempt;
    private final int incarnation;
    private final boolean hasDownload;
    private final boolean hasSync;
    private int restartCount;
    volatile boolean gone;

    PodControl(TestKubelet kubelet, Pod pod, String jobName, int index, int attempt, int incarnation) {
        this.incarnation = incarnation;
        this.kubelet = kubelet;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.jobName = jobName;
        this.index = index;
        this.attempt = attempt;
        this.hasDownload = pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> DOWNLOAD.equals(c.getName()));
        this.hasSync = pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> SYNC.equals(c.getName()));
    }

    public String name() {
        return name;
    }

    public String uid() {
        return uid;
    }

    public String namespace() {
        return namespace;
    }

    /** The Kubernetes name of the Job (attempt) this pod belongs to. */
    public String jobName() {
        return jobName;
    }

    /** The completion index: the worker number. */
    public int index() {
        return index;
    }

    /** The job attempt (1 for the first run). */
    public int attempt() {
        return attempt;
    }

    /** 0 for a worker's first pod, 1 for the replacement of an evicted one, and so on. */
    public int incarnation() {
        return incarnation;
    }

    public int restartCount() {
        return restartCount;
    }

    public Pod pod() {
        Pod p = kubelet.getPod(namespace, name);
        if (p == null) {
            throw new PodGoneException(name);
        }
        return p;
    }

    /** The scheduler could not place the pod: condition PodScheduled=False and a FailedScheduling event. */
    public PodControl unschedulable(String message) {
        update(s -> {
            s.setPhase("Pending");
            setCondition(s, condition("PodScheduled", "False", "Unschedulable", message));
        });
        kubelet.event(this, "Warning", "FailedScheduling", message);
        return this;
    }

    /** Scheduled on a node. */
    public PodControl schedule() {
        update(s -> {
            s.setPhase("Pending");
            setCondition(s, condition("PodScheduled", "True", null, null));
        });
        return this;
    }

    /** Scheduled; the train container waits while its image is pulled (a Pulling event says so). */
    public PodControl pulling(String image) {
        update(s -> {
            s.setPhase("Pending");
            setCondition(s, condition("PodScheduled", "True", null, null));
            s.setContainerStatuses(List.of(waiting(TRAIN, "ContainerCreating", null)));
        });
        kubelet.event(this, "Normal", "Pulling", "Pulling image \"" + image + "\"");
        return this;
    }

    /** The train container cannot start: {@code ErrImagePull}, {@code ImagePullBackOff}, {@code InvalidImageName}... */
    public PodControl imagePullError(String reason, String message) {
        update(s -> {
            s.setPhase("Pending");
            setCondition(s, condition("PodScheduled", "True", null, null));
            s.setContainerStatuses(List.of(waiting(TRAIN, reason, message)));
        });
        kubelet.event(this, "Warning", "Failed", message);
        return this;
    }

    /** Runs the download init container (when the pod has one) printing {@code lines}, then it exits 0. */
    public PodControl runDownload(String... lines) {
        if (!hasDownload) {
            return this;
        }
        kubelet.logs().start(uid, DOWNLOAD, 0);
        update(s -> {
            s.setPhase("Pending");
            setCondition(s, condition("PodScheduled", "True", null, null));
            s.setInitContainerStatuses(initStatuses(running(DOWNLOAD, 0), null));
        });
        kubelet.logs().append(uid, DOWNLOAD, 0, lines);
        kubelet.logs().end(uid, DOWNLOAD, 0);
        update(s -> s.setInitContainerStatuses(initStatuses(terminated(DOWNLOAD, 0, 0, "Completed"), null)));
        return this;
    }

    /** The download fails with {@code code}: the pod fails. */
    public PodControl downloadFails(int code, String... lines) {
        kubelet.logs().start(uid, DOWNLOAD, 0);
        kubelet.logs().append(uid, DOWNLOAD, 0, lines);
        kubelet.logs().end(uid, DOWNLOAD, 0);
        update(s -> {
            s.setPhase("Failed");
            setCondition(s, condition("PodScheduled", "True", null, null));
            s.setInitContainerStatuses(initStatuses(terminated(DOWNLOAD, code, 0, "Error"), null));
            s.setContainerStatuses(List.of(waiting(TRAIN, "PodInitializing", null)));
        });
        kubelet.syncJob(namespace, jobName);
        return this;
    }

    /** The pod runs: train (and the output-sync sidecar) started. */
    public PodControl start() {
        if (hasDownload && !kubelet.logs().exists(uid, DOWNLOAD, 0)) {
            kubelet.logs().start(uid, DOWNLOAD, 0); // the download ran (quietly) before
            kubelet.logs().end(uid, DOWNLOAD, 0);
        }
        kubelet.logs().start(uid, TRAIN, restartCount);
        int rc = restartCount;
        update(s -> {
            s.setPhase("Running");
            s.setPodIP("10.1.0." + (10 + index));
            s.setHostIP("192.168.0." + (10 + index));
            s.setStartTime(now());
            setCondition(s, condition("PodScheduled", "True", null, null));
            setCondition(s, condition("Ready", "True", null, null));
            s.setInitContainerStatuses(initStatuses(hasDownload ? terminated(DOWNLOAD, 0, 0, "Completed") : null,
                    hasSync ? running(SYNC, 0) : null));
            s.setContainerStatuses(List.of(running(TRAIN, rc)));
        });
        return this;
    }

    /** Lines printed by the train container. */
    public PodControl log(String... lines) {
        kubelet.logs().append(uid, TRAIN, restartCount, lines);
        return this;
    }

    /** {@code count} lines {@code prefix1 .. prefixN}, appended one at a time. */
    public PodControl logNumbered(String prefix, int from, int count) {
        for (int i = from; i < from + count; i++) {
            log(prefix + i);
        }
        return this;
    }

    /** Ends the open follow streams of the train container's log, gracefully or abruptly. */
    public PodControl cutLogStreams(boolean abrupt) {
        kubelet.logs().cut(uid, TRAIN, restartCount, abrupt);
        return this;
    }

    /** The train container exits; the pod succeeds (0) or fails. */
    public PodControl exit(int code) {
        return exit(code, code == 0 ? "Completed" : "Error");
    }

    /** The train container exits with {@code reason} ({@code OOMKilled}...). */
    public PodControl exit(int code, String reason) {
        kubelet.logs().end(uid, TRAIN, restartCount);
        int rc = restartCount;
        update(s -> {
            s.setPhase(code == 0 ? "Succeeded" : "Failed");
            setCondition(s, condition("Ready", "False", "PodCompleted", null));
            s.setInitContainerStatuses(initStatuses(hasDownload ? terminated(DOWNLOAD, 0, 0, "Completed") : null,
                    hasSync ? terminated(SYNC, 0, 0, "Completed") : null));
            s.setContainerStatuses(List.of(terminated(TRAIN, code, rc, reason)));
        });
        kubelet.syncJob(namespace, jobName);
        return this;
    }

    /** The train container dies with {@code code} and is restarted in place (restart count + 1); logs go to a new instance. */
    public PodControl restartContainer(int code) {
        kubelet.logs().end(uid, TRAIN, restartCount);
        int old = restartCount;
        restartCount++;
        kubelet.logs().start(uid, TRAIN, restartCount);
        int rc = restartCount;
        update(s -> {
            ContainerStatus cs = running(TRAIN, rc);
            cs.setLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason("Error")
                    .withFinishedAt(now()).endTerminated().build());
            s.setContainerStatuses(List.of(cs));
        });
        return this;
    }

    /** The pod is evicted (node pressure, preemption): phase Failed, reason Evicted, DisruptionTarget=True. */
    public PodControl evict(String message) {
        kubelet.logs().end(uid, TRAIN, restartCount);
        int rc = restartCount;
        update(s -> {
            s.setPhase("Failed");
            s.setReason("Evicted");
            s.setMessage(message);
            setCondition(s, condition("DisruptionTarget", "True", "TerminationByKubelet", message));
            setCondition(s, condition("Ready", "False", null, null));
            s.setContainerStatuses(List.of(terminated(TRAIN, 137, rc, "Error")));
        });
        kubelet.syncJob(namespace, jobName);
        return this;
    }

    /** The node of the pod is lost: phase Unknown, reason NodeLost; nothing replaces the pod. */
    public PodControl lost() {
        kubelet.logs().end(uid, TRAIN, restartCount);
        update(s -> {
            s.setPhase("Unknown");
            s.setReason("NodeLost");
            s.setMessage("Node node-" + index + " which was running pod " + name + " is unresponsive");
        });
        return this;
    }

    /** Waits (at most 90 s) until the test calls {@link TestKubelet#signal(String)} with {@code name}. */
    public PodControl await(String name) throws InterruptedException {
        kubelet.awaitSignal(name, this);
        return this;
    }

    /** Pacing only (never needed for correctness). */
    public PodControl pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return this;
    }

    // ---------------------------------------------------------------- helpers

    private void update(Consumer<PodStatus> change) {
        if (gone) {
            throw new PodGoneException(name);
        }
        kubelet.updatePodStatus(namespace, name, change);
    }

    private List<ContainerStatus> initStatuses(ContainerStatus download, ContainerStatus sync) {
        List<ContainerStatus> l = new ArrayList<>();
        if (download != null) {
            l.add(download);
        }
        if (sync != null) {
            l.add(sync);
        }
        return l;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static ContainerStatus running(String name, int restartCount) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(restartCount).withReady(true).withStarted(true)
                .withImage("image").withNewState().withNewRunning().withStartedAt(now()).endRunning().endState().build();
    }

    static ContainerStatus waiting(String name, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(0).withReady(false).withImage("image")
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    static ContainerStatus terminated(String name, int code, int restartCount, String reason) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(restartCount).withReady(false).withImage("image")
                .withNewState().withNewTerminated().withExitCode(code).withReason(reason).withFinishedAt(now()).endTerminated().endState()
                .build();
    }

    static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(now()).build();
    }

    static void setCondition(PodStatus s, PodCondition c) {
        List<PodCondition> list = s.getConditions() == null ? new ArrayList<>() : new ArrayList<>(s.getConditions());
        list.removeIf(x -> c.getType().equals(x.getType()));
        list.add(c);
        s.setConditions(list);
    }
}

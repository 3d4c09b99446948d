package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelarts.train.events.JobEventSink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The logs of one job: a {@link ContainerLogStream} per container instance (pod, container, restart count) of the
 * current attempt, started as the containers start, reconnected while they run, read to the end when they end, and
 * the cursors that let a re-attached watcher go on where the last one stopped. The download container's lines come
 * before the training container's, and a restarted container's earlier lines before its new ones.
 *
 * <p>Every method but {@link #cursors()} runs on the backend's control thread.
 */
final class JobLogs {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobLogs.class);

    static final List<String> LOGGED_CONTAINERS = List.of(KubernetesNames.DOWNLOAD_CONTAINER, KubernetesNames.TRAIN_CONTAINER);

    private final KubernetesBackend backend;
    private final String namespace;
    private final JobEventSink sink;
    private final AttemptPods pods;
    /** Whether the job still follows its logs (it is active); a stream that ends otherwise is left alone. */
    private final BooleanSupplier following;
    /** Looks at the job again once a stream has been read to its end. */
    private final Runnable evaluate;

    // read from any thread by cursors()
    private final Map<String, LogCursor> resumeCursors = new ConcurrentHashMap<>();
    private final Map<String, ContainerLogStream> streams = new ConcurrentHashMap<>();

    JobLogs(KubernetesBackend backend, String namespace, JobEventSink sink, AttemptPods pods, Map<String, LogCursor> resumeCursors,
            BooleanSupplier following, Runnable evaluate) {
        this.backend = backend;
        this.namespace = namespace;
        this.sink = sink;
        this.pods = pods;
        this.resumeCursors.putAll(resumeCursors);
        this.following = following;
        this.evaluate = evaluate;
    }

    /** Where each stream is, for a handle (any thread). */
    Map<String, LogCursor> cursors() {
        Map<String, LogCursor> cursors = new TreeMap<>(resumeCursors);
        for (ContainerLogStream s : streams.values()) {
            cursors.put(s.key(), s.cursor());
        }
        return cursors;
    }

    /** Starts a stream for every started container instance that has none; follows them unless {@code follow} is false. */
    void update(boolean follow) {
        for (Pod p : pods.inWorkerOrder()) {
            for (String container : LOGGED_CONTAINERS) {
                ContainerStatus cs = status(p, container);
                if (cs == null || cs.getState() == null) {
                    continue;
                }
                int rc = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                if (rc > 0) {
                    // the instance before a restart: read what is left of it (all of it, bounded, if it was never followed)
                    String prevKey = KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, rc - 1);
                    if (!streams.containsKey(prevKey)) {
                        ContainerLogStream prev = newStream(p, container, rc - 1);
                        streams.put(prevKey, prev);
                        if (!prev.isFinished() && follow) {
                            prev.finish(true).whenComplete((v, t) -> backend.onControl(evaluate));
                        }
                    }
                }
                String key = KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, rc);
                if (streams.containsKey(key)) {
                    continue;
                }
                if (cs.getState().getRunning() == null && cs.getState().getTerminated() == null) {
                    continue;
                }
                if (follow && earlierPending(p, container, rc)) {
                    continue; // the download's lines, and a restarted container's earlier lines, come first
                }
                if (rc > 0 && !resumeCursors.containsKey(key)) {
                    ContainerLogStream before = streams.get(KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, rc - 1));
                    LogCursor read = before == null ? null : before.cursor();
                    if (read != null && read.lastTimestamp() != null) {
                        // The instance before may have read this one's first lines (it reconnected after the restart but
                        // before the pod said so, and the API then serves the new instance): every line of this instance
                        // is newer than all of that one's, so start after what it read.
                        resumeCursors.put(key, new LogCursor(read.lastTimestamp(), read.linesAtTimestamp(), false));
                    }
                }
                ContainerLogStream s = newStream(p, container, rc);
                streams.put(key, s);
                if (follow && !s.isFinished()) {
                    s.follow(this::streamEnded);
                }
            }
        }
    }

    /** The pod went away: its streams that are not being finished stop (nothing more can be read). */
    void abandonPod(String podUid) {
        for (ContainerLogStream s : streams.values()) {
            if (s.podUid.equals(podUid) && !s.isFinishing()) {
                s.abandon();
            }
        }
    }

    /** Closes every stream (a stop, a detach: nothing more is delivered). */
    void closeAll() {
        for (ContainerLogStream s : streams.values()) {
            s.close();
        }
    }

    /** A new attempt: its containers are new, and no cursor of the last attempt applies. */
    void reset() {
        streams.clear();
        resumeCursors.clear();
    }

    /**
     * Reads the rest of every stream of the current attempt (bounded); completes when all are done or after twice the
     * final read timeout. The streams of one pod finish one after the other (download before train), pods in parallel.
     */
    CompletableFuture<Void> finishAll() {
        Map<String, CompletableFuture<Void>> chains = new LinkedHashMap<>();
        for (ContainerLogStream s : orderedStreams()) {
            if (s.isFinished()) {
                continue;
            }
            Pod p = pods.get(s.podUid);
            ContainerStatus cs = p == null ? null : status(p, s.container);
            boolean previous = cs != null && cs.getRestartCount() != null && cs.getRestartCount() > s.restartCount;
            CompletableFuture<Void> before = chains.get(s.podUid);
            chains.put(s.podUid, before == null ? s.finish(previous) : before.thenCompose(v -> s.finish(previous)));
        }
        long limit = backend.options.finalReadTimeout().toMillis() * 2;
        return CompletableFuture.allOf(chains.values().toArray(new CompletableFuture<?>[0])).orTimeout(limit, TimeUnit.MILLISECONDS)
                .exceptionally(t -> {
                    finalReadFailed(limit, t);
                    return null;
                });
    }

    /** Reads every started container of the pods once, in worker order, download before train (a snapshot of the logs). */
    CompletableFuture<Void> readOnce() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Pod p : pods.inWorkerOrder()) {
            for (String container : LOGGED_CONTAINERS) {
                ContainerStatus cs = status(p, container);
                if (cs == null || cs.getState() == null || (cs.getState().getRunning() == null && cs.getState().getTerminated() == null)) {
                    continue;
                }
                int rc = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                ContainerLogStream st = newStream(p, container, rc);
                streams.put(st.key(), st);
                chain = chain.thenCompose(v -> st.finish(false));
            }
        }
        return chain;
    }

    /** The end of the job goes on without the lines not read; the user and the log hear why. */
    private void finalReadFailed(long limitMillis, Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            LOG.warn("Reading the last log lines in namespace {} timed out after {} ms", namespace, limitMillis);
            sink.info("Reading the last log lines timed out after " + limitMillis / 1000.0 + " s; the log may miss its last lines");
        } else {
            LOG.warn("Reading the last log lines in namespace {} failed", namespace, cause);
            sink.info("Reading the last log lines failed (" + ApiErrors.message(cause) + "); the log may miss its last lines");
        }
    }

    private List<ContainerLogStream> orderedStreams() {
        List<ContainerLogStream> list = new ArrayList<>(streams.values());
        list.sort(Comparator.comparing((ContainerLogStream s) -> s.worker.length()).thenComparing(s -> s.worker)
                .thenComparing(s -> s.podName).thenComparingInt(s -> LOGGED_CONTAINERS.indexOf(s.container))
                .thenComparingInt(s -> s.restartCount));
        return list;
    }

    /** True while a stream whose lines come before this container instance's (in the same pod) is still being read. */
    private boolean earlierPending(Pod p, String container, int restartCount) {
        int order = LOGGED_CONTAINERS.indexOf(container);
        for (ContainerLogStream s : streams.values()) {
            if (!s.podUid.equals(p.getMetadata().getUid()) || s.isFinished()) {
                continue;
            }
            int o = LOGGED_CONTAINERS.indexOf(s.container);
            if (o < order || (o == order && s.restartCount < restartCount)) {
                return true;
            }
        }
        return false;
    }

    private ContainerLogStream newStream(Pod p, String container, int restartCount) {
        String key = KubernetesJobHandle.cursorKey(p.getMetadata().getUid(), container, restartCount);
        return new ContainerLogStream(backend.client.getHttpClient(), backend.client.getMasterUrl().toString(), backend.pool, sink,
                backend.options, namespace, p.getMetadata().getName(), p.getMetadata().getUid(), container, restartCount,
                JobStatusMapper.worker(p), resumeCursors.get(key));
    }

    /** A follow stream ended: reconnect while its container runs, otherwise read the rest and finish it. */
    private void streamEnded(ContainerLogStream s, Throwable error) {
        backend.onControl(() -> {
            if (s.isFinishing() || !following.getAsBoolean()) {
                return;
            }
            Pod p = pods.get(s.podUid);
            if (p == null) {
                s.abandon();
                evaluate.run();
                return;
            }
            ContainerStatus cs = status(p, s.container);
            int rc = cs == null || cs.getRestartCount() == null ? s.restartCount : cs.getRestartCount();
            boolean restarted = rc > s.restartCount;
            boolean ended = restarted || JobStatusMapper.isTerminal(p)
                    || (cs != null && cs.getState() != null && cs.getState().getTerminated() != null);
            if (ended) {
                s.finish(restarted).whenComplete((v, t) -> backend.onControl(evaluate));
                return;
            }
            if (error instanceof ContainerLogStream.LogRequestException e && e.code == 404) {
                s.abandon();
                return;
            }
            long min = backend.options.reconnectMin().toMillis();
            long delay = Math.min(backend.options.reconnectMax().toMillis(), min << Math.min(10, Math.max(0, s.failures() - 1)));
            backend.onControlLater(() -> {
                if (following.getAsBoolean() && !s.isFinishing()) {
                    s.follow(this::streamEnded);
                }
            }, delay);
        });
    }

    private static ContainerStatus status(Pod p, String container) {
        return JobStatusMapper.status(p, container, KubernetesNames.DOWNLOAD_CONTAINER.equals(container));
    }
}

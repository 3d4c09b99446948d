package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.modelarts.train.events.JobEventSink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Bench-only bridge (same package, bench jar): drives the engine's own {@link ContainerLogStream} (reconnect /
 * dedupe cursor via {@link LogLines}) standalone, exactly as {@code KubeJob} opens a follow stream.
 */
public final class BenchLogAccess {

    private BenchLogAccess() {
    }

    /** Follows one container's log from the start until the response ends; completes with the stream's error or null. */
    public static CompletableFuture<Throwable> followOnce(HttpClient http, String masterUrl, Executor pool, JobEventSink sink,
                                                          String namespace, String pod, String container, String worker) {
        ContainerLogStream stream = new ContainerLogStream(http, masterUrl, pool, sink, KubernetesBackendOptions.DEFAULTS,
                namespace, pod, "uid-" + pod, container, 0, worker, LogCursor.START);
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        stream.follow((s, error) -> done.complete(error));
        return done;
    }
}

package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;

import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds the fabric8 clients of this engine on the HTTP client that the front end chose: the engine hard-wires none.
 * The Jenkins plugin passes {@link OkHttpClients#factory()} (the client that Jenkins' kubernetes-client-api plugin ships),
 * the command line {@link JdkHttpClients#factory()}. Whatever the HTTP client, every client shares one pool of
 * {@value #CALLBACK_THREADS} daemon threads for fabric8's callbacks (informer events are small and handed on to each
 * backend's control thread), instead of a growing pool per client; idle ones end.
 */
public final class KubernetesClients {

    static final int CALLBACK_THREADS = 4;

    private static ThreadPoolExecutor callbacks;

    private KubernetesClients() {
    }

    /** A client for {@code config} on the HTTP client {@code http} makes; no network I/O happens here. */
    public static KubernetesClient create(HttpClient.Factory http, Config config) {
        return create(http, config, b -> { });
    }

    /** Like {@link #create(HttpClient.Factory, Config)}, with more settings of the HTTP client (interceptors, in tests). */
    public static KubernetesClient create(HttpClient.Factory http, Config config, Consumer<HttpClient.Builder> more) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(Objects.requireNonNull(http, "http"))
                .withHttpClientBuilderConsumer(more)
                .withTaskExecutor(callbacks())
                .build();
    }

    private static synchronized ThreadPoolExecutor callbacks() {
        if (callbacks == null) {
            AtomicInteger n = new AtomicInteger();
            callbacks = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "modelarts-kube-client-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            callbacks.allowCoreThreadTimeOut(true);
        }
        return callbacks;
    }
}

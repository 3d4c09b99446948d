package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the fabric8 clients of this engine. fabric8's defaults give each client its own Vert.x instance (up to two
 * event-loop threads per core, so dozens on a large controller once many log streams are open) and its own growing
 * pool for callbacks. Here every client shares one Vert.x instance with {@value #EVENT_LOOPS} event loops and one
 * pool of {@value #CALLBACK_THREADS} threads for callbacks (informer events are small and handed on to each backend's
 * control thread), so the threads stay few however many clusters, jobs and log streams there are. All daemon threads,
 * idle ones end; the shared instance lives as long as the JVM.
 */
public final class KubernetesClients {

    static final int EVENT_LOOPS = 2;
    static final int CALLBACK_THREADS = 4;
    private static final String DISABLE_DNS_RESOLVER = "vertx.disableDnsResolver";

    private static Vertx vertx;
    private static ThreadPoolExecutor callbacks;

    private KubernetesClients() {
    }

    /** A client for {@code config} on the shared threads; no network I/O happens here. */
    public static KubernetesClient create(Config config) {
        return create(config, b -> { });
    }

    /** Like {@link #create(Config)}, with more settings of the HTTP client (interceptors, in tests). */
    public static KubernetesClient create(Config config, Consumer<HttpClient.Builder> http) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new Vertx5HttpClientFactory(vertx()))
                .withHttpClientBuilderConsumer(http)
                .withTaskExecutor(callbacks())
                .build();
    }

    /** The shared Vert.x instance (diagnostics: the benchmark counts its threads). */
    static synchronized Vertx vertx() {
        if (vertx == null) {
            // Vert.x's own asynchronous DNS resolver ignores parts of the system's resolver set-up and, shared by every
            // client, one failed lookup slowed every later connection (even to localhost) past the request timeout:
            // name resolution goes to the JVM's resolver instead, as fabric8's own factory arranges it. The property is
            // read while the instance is built, so it is set for that moment only.
            String before = System.getProperty(DISABLE_DNS_RESOLVER);
            System.setProperty(DISABLE_DNS_RESOLVER, "true");
            try {
                vertx = newVertx();
            } finally {
                if (before == null) {
                    System.clearProperty(DISABLE_DNS_RESOLVER);
                } else {
                    System.setProperty(DISABLE_DNS_RESOLVER, before);
                }
            }
        }
        return vertx;
    }

    private static Vertx newVertx() {
        return Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(EVENT_LOOPS)
                // worker and internal blocking pools keep Vert.x's sizes: their threads start only when used
                .setUseDaemonThread(true)
                // no file cache folder in the working directory (a Jenkins controller's, a user's)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
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

package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The command line's HTTP client for fabric8: the JDK's {@code java.net.http}, which reads every connection of a client
 * on one selector thread. fabric8's factory gives each client an unbounded cached pool for the client's asynchronous
 * tasks (it grew to about 30 threads with 1,000 log streams open); here every client shares one pool of
 * {@value #THREADS} daemon threads instead (the tasks only hand bytes and events on; idle threads end).
 *
 * <p>Not a dependency this engine passes on (Maven scope {@code provided}): a front end that uses this class declares
 * {@code io.fabric8:kubernetes-httpclient-jdk} itself. The Jenkins plugin uses OkHttp and never loads it.
 */
public final class JdkHttpClients {

    static final int THREADS = 4;
    static final String THREAD_PREFIX = "modelarts-kube-http-";

    private static ThreadPoolExecutor executor;

    private JdkHttpClients() {
    }

    /** A factory of clients on the JDK's HTTP client and the shared pool. */
    public static HttpClient.Factory factory() {
        return new JdkHttpClientFactory() {
            @Override
            protected java.net.http.HttpClient.Builder createNewHttpClientBuilder() {
                // the shared pool outlives each client: closing a client leaves it running (fabric8 shuts down only its own)
                return java.net.http.HttpClient.newBuilder().executor(executor());
            }
        };
    }

    private static synchronized ThreadPoolExecutor executor() {
        if (executor == null) {
            AtomicInteger n = new AtomicInteger();
            executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executor.allowCoreThreadTimeOut(true);
        }
        return executor;
    }
}

package io.modelarts.train.testing.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kubernetes API for tests: the fabric8 mock API server in CRUD mode (its dispatcher also tracks open
 * watches so a test can expire them), a {@link TestKubelet} that runs the Jobs created in it, and a
 * {@link TestLogServer} that streams their logs. Clients from {@link #newClient()} talk to the mock, except
 * for pod logs and event queries, which an HTTP interceptor sends to the log server. One instance per test
 * (each has its own state); close it at the end.
 *
 * <pre>
 * try (KubeTestCluster cluster = KubeTestCluster.start()) {
 *     cluster.kubelet().behaviour(WorkerBehaviour.succeed("hello"));
 *     KubernetesClient client = cluster.newClient();
 *     ...
 * }
 * </pre>
 */
public final class KubeTestCluster implements AutoCloseable {

    /** Request header naming the client that opened a watch ({@link #newClient()} sets {@code test-client}). */
    public static final String CLIENT_HEADER = "X-Modelarts-Test-Client";
    static final String TEST_CLIENT = "test-client";

    private final KubernetesMockServer server;
    private final TrackingCrudDispatcher dispatcher;
    private final KubernetesClient apiClient;
    /** The mock's connection settings as a client under test gets them (the default timeouts). */
    private final Config underTestConfig;
    private final LogStore logs = new LogStore();
    private final TestLogServer logServer;
    private final TestKubelet kubelet;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

    private KubeTestCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        dispatcher = new TrackingCrudDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        // the test kubelet's own client: the HTTP client that the code under test does not use, so that a benchmark can
        // tell their threads apart
        KubernetesClient plain = server.createClient(TestHttpClient.underTest().other().factory());
        underTestConfig = plain.getConfiguration();
        plain.close();
        // The stand-ins' own client waits longer than a client's default 10 s: with thousands of pods starting at once on
        // two cores the mock answers late, and a kubelet whose status update timed out would leave its pod Pending for good.
        // Clients under test keep the default (underTestConfig).
        apiClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withHttpClientFactory(TestHttpClient.underTest().other().factory())
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(underTestConfig).withRequestTimeout(120_000).build())
                .build();
        try {
            logServer = new TestLogServer(logs, (ns, name) -> apiClient.pods().inNamespace(ns).withName(name).get(),
                    ns -> apiClient.v1().events().inNamespace(ns).list().getItems());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kubelet = new TestKubelet(apiClient, logs);
    }

    public static KubeTestCluster start() {
        return new KubeTestCluster();
    }

    /**
     * A new client for the code under test: API calls go to the mock, pod logs and event queries to the
     * log server. Closed with the cluster.
     */
    public KubernetesClient newClient() {
        return newClient(null);
    }

    /** As {@link #newClient()}, with {@code extra} (when not null) also seeing every request, before it is routed. */
    public KubernetesClient newClient(Interceptor extra) {
        // built as the engine builds its clients, on the HTTP client under test, pointed at the mock
        KubernetesClient c = routedClient(underTestConfig, logServer.port(), TestHttpClient.underTest().factory(), extra);
        clients.add(c);
        return c;
    }

    /**
     * As {@link #newClient()}, giving up on a request after {@code millis} (a client under test waits 10 s by default)
     * and never sending one again by itself (fabric8 resends a request that got no answer a few times).
     */
    public KubernetesClient newImpatientClient(int millis) {
        KubernetesClient c = routedClient(new io.fabric8.kubernetes.client.ConfigBuilder(underTestConfig).withRequestTimeout(millis)
                        .withRequestRetryBackoffLimit(0).build(),
                logServer.port(), TestHttpClient.underTest().factory(), null);
        clients.add(c);
        return c;
    }

    /**
     * The next {@code count} creates (POST) of {@code resource} in {@code namespace} are applied only after {@code millis}:
     * an API server that answers too late for a client's timeout, but still does what it was asked.
     */
    public void delayCreates(String namespace, String resource, int count, long millis) {
        dispatcher.delayCreates("/namespaces/" + namespace + "/" + resource, count, millis);
    }

    /**
     * A client like {@link #newClient()}'s for a cluster whose mock API server is {@code config}'s master and whose log server
     * listens on {@code logPort}, possibly in another process (a benchmark runs the engine in a JVM of its own so that the
     * open files and threads of both ends of thousands of log streams do not add up in one process). The caller closes it.
     */
    public static KubernetesClient routedClient(Config config, int logPort, HttpClient.Factory http) {
        return routedClient(config, logPort, http, null);
    }

    private static KubernetesClient routedClient(Config config, int logPort, HttpClient.Factory http, Interceptor extra) {
        return io.modelarts.train.backend.kubernetes.KubernetesClients.create(http, config,
                hb -> (extra == null ? hb : hb.addOrReplaceInterceptor("test-extra", extra)).addOrReplaceInterceptor("test-router",
                new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                        builder.header(CLIENT_HEADER, TEST_CLIENT);
                        URI u = request.uri();
                        String path = u.getRawPath();
                        if (path.endsWith("/log") || (path.endsWith("/events") && u.getRawQuery() != null
                                && u.getRawQuery().contains("fieldSelector"))) {
                            builder.uri(URI.create("http://127.0.0.1:" + logPort + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())));
                        }
                    }
                }));
    }

    /** The mock API server's URL, for a client in another process ({@link #routedClient}). */
    public String masterUrl() {
        return underTestConfig.getMasterUrl();
    }

    /** The client the kubelet uses: plain, straight to the mock (use it to inspect or change cluster state). */
    public KubernetesClient apiClient() {
        return apiClient;
    }

    public TestKubelet kubelet() {
        return kubelet;
    }

    public LogStore logs() {
        return logs;
    }

    public TestLogServer logServer() {
        return logServer;
    }

    public KubernetesMockServer server() {
        return server;
    }

    /** Expires the watches that {@link #newClient()} clients opened in {@code namespace} with {@code 410 Gone}; returns how many. */
    public int expireWatches(String namespace) {
        return dispatcher.expire(TEST_CLIENT, namespace);
    }

    /** Closes the watches that {@link #newClient()} clients opened in {@code namespace}, without an error; returns how many. */
    public int closeWatches(String namespace) {
        return dispatcher.close(TEST_CLIENT, namespace);
    }

    /**
     * Silences the watches of {@code resource} (e.g. {@code pods}) in {@code namespace}: they stay open but deliver no more
     * events, as a watch behind a stalled proxy does. Lists and GETs still answer.
     */
    public void muteWatches(String namespace, String resource) {
        dispatcher.mute(namespace, resource);
    }

    /** Watches that {@link #newClient()} clients opened in {@code namespace} and that are still open. */
    public int openWatches(String namespace) {
        return dispatcher.openWatches(TEST_CLIENT, namespace);
    }

    /** The requests that {@link #newClient()} clients sent so far, as {@code METHOD path?query}, oldest first. */
    public List<String> requests() {
        return List.copyOf(dispatcher.requests);
    }

    /** Watch requests received so far (all clients). */
    public int watchRequests() {
        return dispatcher.watchRequests.get();
    }

    @Override
    public void close() {
        kubelet.close();
        for (KubernetesClient c : clients) {
            c.close();
        }
        logServer.close();
        apiClient.close();
        server.destroy();
    }
}

package io.modelarts.train.testing.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the API server the fabric8 mock cannot play: pod logs that really stream (the mock writes
 * a response body in one go) and events filtered by {@code involvedObject} field selectors. It serves
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log} from a {@link LogStore} with the kubelet's query
 * parameters ({@code container}, {@code follow}, {@code timestamps}, {@code sinceTime} with whole seconds
 * and inclusive, {@code previous}, {@code tailLines}, {@code limitBytes}), a follow stream written chunk
 * by chunk as lines are appended and ended when the container ends or the test cuts it, and
 * {@code GET /api/v1/namespaces/NS/events?fieldSelector=involvedObject.uid=...}. A test client reaches it
 * through an interceptor ({@link KubeTestCluster#newClient()}); everything else goes to the mock.
 */
public final class TestLogServer implements AutoCloseable {

    private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private static final Pattern EVENTS_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/events");

    private final LogStore store;
    private final BiFunction<String, String, Pod> pods;
    private final Function<String, List<Event>> events;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-log-server");
        t.setDaemon(true);
        return t;
    });
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    /**
     * @param pods   looks a pod up by namespace and name (null when absent)
     * @param events lists the events of a namespace
     */
    public TestLogServer(LogStore store, BiFunction<String, String, Pod> pods, Function<String, List<Event>> events) throws IOException {
        this.store = store;
        this.pods = pods;
        this.events = events;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request served, as {@code path?query}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests for one pod's container log with {@code follow=true}. */
    public long followRequests(String podName, String container) {
        return requests.stream().filter(r -> r.contains("/pods/" + podName + "/log?") && r.contains("container=" + container)
                && r.contains("follow=true")).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(path + (query == null ? "" : "?" + query));
        // only the code under test comes here (KubeTestCluster#newClient routes its log and event reads)
        ApiRequestLog.record(ex.getRequestMethod(), path + (query == null ? "" : "?" + query), null);
        Map<String, String> q = parseQuery(query);
        boolean abort = false;
        try {
            Matcher m = LOG_PATH.matcher(path);
            if (m.matches()) {
                log(ex, decode(m.group(1)), decode(m.group(2)), q);
                return;
            }
            m = EVENTS_PATH.matcher(path);
            if (m.matches()) {
                events(ex, decode(m.group(1)), q);
                return;
            }
            status(ex, 404, "NotFound", "no route for " + path);
        } catch (AbruptCut e) {
            // leave the exchange open and fail: the server then drops the connection without ending the chunked body
            abort = true;
            throw new IOException("test: connection cut");
        } finally {
            if (!abort) {
                ex.close();
            }
        }
    }

    /** Thrown to drop a follow connection abruptly. */
    private static final class AbruptCut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private void events(HttpExchange ex, String ns, Map<String, String> q) throws IOException {
        String selector = q.getOrDefault("fieldSelector", "");
        List<Event> out = new ArrayList<>();
        for (Event e : events.apply(ns)) {
            if (matches(e, selector)) {
                out.add(e);
            }
        }
        byte[] body = Serialization.asJson(new EventListBuilder().withNewMetadata().withResourceVersion("1").endMetadata()
                .withItems(out).build()).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private static boolean matches(Event e, String selector) {
        for (String part : selector.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            String want = kv.length > 1 ? kv[1] : "";
            String have = switch (kv[0]) {
                case "involvedObject.uid" -> e.getInvolvedObject() == null ? null : e.getInvolvedObject().getUid();
                case "involvedObject.name" -> e.getInvolvedObject() == null ? null : e.getInvolvedObject().getName();
                case "involvedObject.kind" -> e.getInvolvedObject() == null ? null : e.getInvolvedObject().getKind();
                case "reason" -> e.getReason();
                case "type" -> e.getType();
                default -> want;
            };
            if (!want.equals(have)) {
                return false;
            }
        }
        return true;
    }

    private void log(HttpExchange ex, String ns, String podName, Map<String, String> q) throws IOException {
        Pod pod = pods.apply(ns, podName);
        if (pod == null) {
            status(ex, 404, "NotFound", "pods \"" + podName + "\" not found");
            return;
        }
        String container = q.getOrDefault("container", "train");
        ContainerStatus cs = status(pod, container);
        int rc = cs == null || cs.getRestartCount() == null ? 0 : cs.getRestartCount();
        boolean previous = "true".equals(q.get("previous"));
        if (previous) {
            rc--;
            if (rc < 0 || !store.exists(pod.getMetadata().getUid(), container, rc)) {
                status(ex, 400, "BadRequest", "previous terminated container \"" + container + "\" in pod \"" + podName + "\" not found");
                return;
            }
        }
        String uid = pod.getMetadata().getUid();
        if (!store.exists(uid, container, rc)) {
            status(ex, 400, "BadRequest", "container \"" + container + "\" in pod \"" + podName + "\" is waiting to start: ContainerCreating");
            return;
        }
        boolean follow = "true".equals(q.get("follow")) && !previous;
        boolean timestamps = "true".equals(q.get("timestamps"));
        Instant since = q.containsKey("sinceTime") ? Instant.parse(q.get("sinceTime")).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : null;
        List<LogStore.Entry> all = store.lines(uid, container, rc);
        List<LogStore.Entry> selected = new ArrayList<>();
        for (LogStore.Entry e : all) {
            if (since == null || !e.timestamp().isBefore(since)) {
                selected.add(e);
            }
        }
        if (q.containsKey("tailLines")) {
            int n = Integer.parseInt(q.get("tailLines"));
            if (selected.size() > n) {
                selected = new ArrayList<>(selected.subList(selected.size() - n, selected.size()));
            }
        }
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        if (!follow) {
            StringBuilder s = new StringBuilder();
            for (LogStore.Entry e : selected) {
                s.append(format(e, timestamps));
            }
            byte[] body = s.toString().getBytes(StandardCharsets.UTF_8);
            if (q.containsKey("limitBytes")) {
                int limit = Integer.parseInt(q.get("limitBytes"));
                if (body.length > limit) {
                    body = java.util.Arrays.copyOf(body, limit);
                }
            }
            ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
            return;
        }
        // follow: what there is, then every new line as it comes, one chunk each
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int cutsAtStart = store.cuts(uid, container, rc);
        StringBuilder first = new StringBuilder();
        for (LogStore.Entry e : selected) {
            first.append(format(e, timestamps));
        }
        if (first.length() > 0) {
            out.write(first.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        int sent = all.size();
        while (!closing) {
            List<LogStore.Entry> now;
            synchronized (store) {
                // a cut ends the connection at once: lines appended after it are for the next connection
                if (store.cuts(uid, container, rc) != cutsAtStart) {
                    if (store.abrupt(uid, container, rc)) {
                        throw new AbruptCut();
                    }
                    return;
                }
                now = store.lines(uid, container, rc);
                if (now.size() == sent) {
                    if (store.ended(uid, container, rc)) {
                        return;
                    }
                    try {
                        store.awaitChange(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
            }
            for (int i = sent; i < now.size(); i++) {
                out.write(format(now.get(i), timestamps).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            sent = now.size();
        }
    }

    private static ContainerStatus status(Pod pod, String container) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            all.addAll(pod.getStatus().getContainerStatuses());
        }
        return all.stream().filter(c -> container.equals(c.getName())).findFirst().orElse(null);
    }

    static String format(LogStore.Entry e, boolean timestamps) {
        return (timestamps ? DateTimeFormatter.ISO_INSTANT.format(e.timestamp()) + " " : "") + e.text() + "\n";
    }

    private static void status(HttpExchange ex, int code, String reason, String message) throws IOException {
        String json = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + Serialization.asJson(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> q = new HashMap<>();
        if (query == null) {
            return q;
        }
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                q.put(decode(p), "");
            } else {
                q.put(decode(p.substring(0, eq)), decode(p.substring(eq + 1)));
            }
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closing = true;
        synchronized (store) {
            store.notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}

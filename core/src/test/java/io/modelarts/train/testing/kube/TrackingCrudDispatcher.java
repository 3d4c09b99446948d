package io.modelarts.train.testing.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock's CRUD dispatcher, plus a record of the open watches (which client opened them, from the
 * {@value KubeTestCluster#CLIENT_HEADER} header) so that a test can expire them the way an API server
 * does after a while: an {@code ERROR} event with status {@code 410 Gone}.
 *
 * <p>It also works around a race in the mock (kubernetes-server-mock 7.3.1): a watch's listener shuts its
 * event executor down when the watch closes, but leaves the mock's list of listeners only after that
 * executor finished. A write arriving in between makes the mock schedule an event on the shut-down
 * executor; the {@code RejectedExecutionException} escapes the request handler, so that write is stored
 * but never answered (its client waits until its timeout), and the watches after the closed one in the
 * list miss the event. Here a closing watch leaves the list first, under the same guard as the writes'
 * event fan-out ({@link #processEvent}), so no write can reach a listener whose executor is stopping.
 */
final class TrackingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final class Tracked {
        final String path;
        final String client;
        volatile WebSocket socket;

        Tracked(String path, String client) {
            this.path = path;
            this.client = client;
        }
    }

    /** Runs the mock's close handling off the server's event loop (see onClosed). */
    private static final java.util.concurrent.ExecutorService CLOSERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-watch-closer");
        t.setDaemon(true);
        return t;
    });

    private final ThreadLocal<RecordedRequest> current = new ThreadLocal<>();
    private final Set<Tracked> open = ConcurrentHashMap.newKeySet();
    /** {@code /namespaces/NS/RESOURCE} of watches whose events are dropped: a watch that stays open but falls silent. */
    private final Set<String> muted = ConcurrentHashMap.newKeySet();
    final AtomicInteger watchRequests = new AtomicInteger();
    /** The mock's own list of watch listeners, which every write's events go through. */
    private final Set<?> mockListeners = mockListeners(this);
    /** Orders a write's event fan-out and a closing watch's removal from {@link #mockListeners}. */
    private final Object fanOut = new Object();

    /** Every request of the test clients, as {@code METHOD path?query}, in arrival order. */
    final java.util.Queue<String> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Creates to delay: the path's end ({@code /namespaces/NS/RESOURCE}), how many are left, and for how long. */
    private volatile String delayedPath;
    private final AtomicInteger delaysLeft = new AtomicInteger();
    private volatile long delayMillis;

    void delayCreates(String pathEnd, int count, long millis) {
        delayedPath = pathEnd;
        delayMillis = millis;
        delaysLeft.set(count);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (KubeTestCluster.TEST_CLIENT.equals(request.getHeader(KubeTestCluster.CLIENT_HEADER))) {
            requests.add(request.getMethod() + " " + request.getPath());
            ApiRequestLog.record(request.getMethod(), request.getPath(), request.getBody() == null ? null : request.getBody().getBytes());
        }
        String delayed = delayedPath;
        if (delayed != null && "POST".equals(request.getMethod()) && request.getPath().endsWith(delayed)
                && delaysLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        current.set(request);
        try {
            return super.dispatch(request);
        } finally {
            current.remove();
        }
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        synchronized (fanOut) {
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        }
    }

    /** Takes a closing watch's listener out of the mock's list before the mock stops its executor. */
    private void unregister(WebSocketListener mockListener) {
        synchronized (fanOut) {
            mockListeners.remove(mockListener);
        }
    }

    private static Set<?> mockListeners(KubernetesCrudDispatcher dispatcher) {
        try {
            Field f = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
            f.setAccessible(true);
            return (Set<?>) f.get(dispatcher);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("the mock API server's dispatcher has no watchEventListeners set any more: "
                    + "check the watch-close workaround in TrackingCrudDispatcher against this kubernetes-server-mock version", e);
        }
    }

    @Override
    public MockResponse handleWatch(String path) {
        MockResponse response = super.handleWatch(path);
        RecordedRequest request = current.get();
        String client = request == null ? null : request.getHeader(KubeTestCluster.CLIENT_HEADER);
        watchRequests.incrementAndGet();
        WebSocketListener inner = response.getWebSocketListener();
        Tracked tracked = new Tracked(path, client);
        return response.withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onBeforeAccept(WebSocket webSocket, Response r) {
                inner.onBeforeAccept(silenceable(webSocket, path), r);
            }

            @Override
            public void onOpen(WebSocket webSocket, Response r) {
                tracked.socket = webSocket;
                open.add(tracked);
                inner.onOpen(silenceable(webSocket, path), r);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                inner.onMessage(webSocket, text);
            }

            @Override
            public void onMessage(WebSocket webSocket, byte[] bytes) {
                inner.onMessage(webSocket, bytes);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                open.remove(tracked);
                unregister(inner);
                inner.onClosing(webSocket, code, reason);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                open.remove(tracked);
                unregister(inner);
                // the mock's listener can wait (up to seconds) for the watch's start when a client closes it early; on the
                // server's event loop that wait stalled every other request of the run past the clients' timeout
                CLOSERS.execute(() -> inner.onClosed(webSocket, code, reason));
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable error, Response r) {
                open.remove(tracked);
                unregister(inner);
                CLOSERS.execute(() -> inner.onFailure(webSocket, error, r)); // see onClosed
            }
        });
    }

    /** The mock's events go through this socket: they are dropped while the watch's path is muted. */
    private WebSocket silenceable(WebSocket socket, String path) {
        return new WebSocket() {
            @Override
            public RecordedRequest request() {
                return socket.request();
            }

            @Override
            public boolean send(String text) {
                return isMuted(path) || socket.send(text);
            }

            @Override
            public boolean send(byte[] bytes) {
                return isMuted(path) || socket.send(bytes);
            }

            @Override
            public boolean close(int code, String reason) {
                return socket.close(code, reason);
            }
        };
    }

    private boolean isMuted(String path) {
        return muted.stream().anyMatch(path::contains);
    }

    /** From now on, watches of {@code resource} (e.g. {@code pods}) in {@code namespace} deliver no event; they stay open. */
    void mute(String namespace, String resource) {
        muted.add("/namespaces/" + namespace + "/" + resource);
    }

    private static boolean matches(Tracked t, String client, String namespace) {
        return (client == null || client.equals(t.client)) && (namespace == null || t.path.contains("/namespaces/" + namespace + "/"));
    }

    /** Sends {@code 410 Gone} on every open watch of {@code client} in {@code namespace} (null: any); returns how many. */
    int expire(String client, String namespace) {
        int n = 0;
        for (Tracked t : open) {
            if (!matches(t, client, namespace)) {
                continue;
            }
            WebSocket s = t.socket;
            if (s != null) {
                s.send("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"too old resource version: 1 (42)\",\"reason\":\"Expired\",\"code\":410}}");
                open.remove(t);
                n++;
            }
        }
        return n;
    }

    /** Closes every open watch of {@code client} in {@code namespace} (null: any) without an error; returns how many. */
    int close(String client, String namespace) {
        int n = 0;
        for (Tracked t : open) {
            if (!matches(t, client, namespace)) {
                continue;
            }
            WebSocket s = t.socket;
            if (s != null) {
                s.close(1000, "server closed the watch");
                open.remove(t);
                n++;
            }
        }
        return n;
    }

    int openWatches(String client, String namespace) {
        return (int) open.stream().filter(t -> matches(t, client, namespace)).count();
    }
}

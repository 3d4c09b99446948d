package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.modelarts.train.events.JobEventSink;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The log of one container instance (pod uid, container, restart count), read through the API server with
 * timestamps and delivered to the sink exactly once.
 *
 * <p>Reading is asynchronous: the HTTP client pushes chunks as they arrive and they are processed on a
 * shared bounded pool (in order, through a {@link SerialExecutor}) while the next ones are read: up to
 * {@link #READ_AHEAD_BYTES} may wait for processing, then reading pauses until processing catches up.
 * Each chunk's new lines reach the sink as one block of bytes ({@link JobEventSink#logLines}).
 * No thread waits on a quiet stream.
 *
 * <p>{@link #follow} opens a {@code follow=true} stream from the cursor; when it ends the owner decides
 * whether to reconnect (the container still runs: a dropped stream) or to {@link #finish} (the container
 * ended): finishing reads what is left in bounded requests ({@code limitBytes}) from the cursor, so the
 * last lines are never cut and a huge log is never held in memory.
 */
final class ContainerLogStream {

    /** Bytes read but not yet processed, per stream, before reading pauses. */
    static final int READ_AHEAD_BYTES = 1 << 20;

    /** Told when a follow stream ended; {@code error} is null for a normal end of the response. */
    interface Listener {
        void ended(ContainerLogStream stream, Throwable error);
    }

    /** The API server answered a log request with an error status. */
    static final class LogRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        LogRequestException(int code, String message) {
            super("HTTP " + code + (message == null || message.isBlank() ? "" : ": " + message));
            this.code = code;
        }
    }

    final String namespace;
    final String podName;
    final String podUid;
    final String container;
    final int restartCount;
    final String worker;

    private final HttpClient http;
    private final String masterUrl;
    private final SerialExecutor serial;
    private final JobEventSink sink;
    private final KubernetesBackendOptions options;
    private final LogLines lines;

    // guarded by this
    private boolean closed;
    private boolean finished;
    private int connection;
    private AsyncBody body;
    private BodyGate bodyGate;
    private CompletableFuture<Void> finishing;
    private int failures;

    /** {@code sink} must not throw (the job's {@link GuardedSink}): it is called from the pool's threads. */
    ContainerLogStream(HttpClient http, String masterUrl, Executor pool, JobEventSink sink, KubernetesBackendOptions options,
                       String namespace, String podName, String podUid, String container, int restartCount, String worker,
                       LogCursor cursor) {
        this.http = http;
        this.masterUrl = masterUrl.endsWith("/") ? masterUrl : masterUrl + "/";
        this.serial = new SerialExecutor(pool);
        this.sink = sink;
        this.options = options;
        this.namespace = namespace;
        this.podName = podName;
        this.podUid = podUid;
        this.container = container;
        this.restartCount = restartCount;
        this.worker = worker;
        this.lines = new LogLines(cursor);
        this.finished = cursor != null && cursor.finished();
    }

    String key() {
        return KubernetesJobHandle.cursorKey(podUid, container, restartCount);
    }

    synchronized LogCursor cursor() {
        return lines.cursor(finished);
    }

    synchronized boolean isFinished() {
        return finished;
    }

    synchronized boolean isFinishing() {
        return finished || finishing != null;
    }

    /** Consecutive follow streams that ended without delivering anything; drives the reconnect back-off. */
    synchronized int failures() {
        return failures;
    }

    /** Opens a {@code follow=true} stream from the cursor; {@code listener} hears when it ends. */
    void follow(Listener listener) {
        int conn;
        String url;
        synchronized (this) {
            if (closed || finished || finishing != null) {
                return;
            }
            conn = ++connection;
            lines.beginConnection();
            url = url(true, false, null, null);
        }
        request(url, true, conn).whenComplete((r, t) -> {
            synchronized (this) {
                if (conn != connection || closed || finishing != null) {
                    return; // superseded or closed on purpose
                }
                if (r == null || r.delivered == 0) {
                    failures++;
                } else {
                    failures = 0;
                }
            }
            listener.ended(this, t != null ? t : r.error());
        });
    }

    /**
     * Stops following and reads the rest of the log from the cursor in bounded requests; the container
     * instance is then finished. {@code previous}: the instance was restarted, read it with {@code previous=true}.
     */
    CompletableFuture<Void> finish(boolean previous) {
        synchronized (this) {
            if (finished) {
                return CompletableFuture.completedFuture(null);
            }
            if (finishing != null) {
                return finishing;
            }
            connection++;
            cancelBody();
            finishing = new CompletableFuture<>();
        }
        CompletableFuture<Void> f = finishing;
        readRounds(previous, 0).whenComplete((v, t) -> {
            synchronized (this) {
                finished = true;
            }
            f.complete(null);
        });
        return f;
    }

    /** Stops reading without finishing (stop, detach): the cursor stays where the last delivered line left it. */
    void close() {
        synchronized (this) {
            closed = true;
            connection++;
            cancelBody();
        }
    }

    /** Marks the instance finished without reading (its pod is gone). */
    void abandon() {
        synchronized (this) {
            closed = true;
            finished = true;
            connection++;
            cancelBody();
        }
    }

    private CompletableFuture<Void> readRounds(boolean previous, int round) {
        int conn;
        String url;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            conn = ++connection;
            lines.beginConnection();
            Integer tail = previous && lines.sinceTime() == null ? options.previousTailLines() : null;
            url = url(false, previous, options.finalReadLimitBytes(), tail);
        }
        return request(url, false, conn).handle((r, t) -> {
            if (t != null || r == null) {
                return CompletableFuture.<Void>completedFuture(null); // unreachable: nothing more to read
            }
            boolean more = false;
            synchronized (this) {
                if (conn != connection || closed) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                if (r.code == 200) {
                    if (r.bytes >= options.finalReadLimitBytes()) {
                        if (round + 1 < options.finalReadRounds() && r.delivered > 0) {
                            more = true;
                        } else {
                            sink.info(worker + ": log of container " + container + " of pod " + podName
                                    + " is longer than this backend reads at the end; the rest is in the cluster (kubectl logs)");
                        }
                    } else {
                        lines.endOfResponse(this::deliver);
                    }
                }
            }
            return more ? readRounds(previous, round + 1) : CompletableFuture.<Void>completedFuture(null);
        }).thenCompose(x -> x);
    }

    /** Result of one HTTP log request. */
    private static final class Response {
        volatile int code;
        long bytes;
        long delivered;
        ByteArrayOutputStream errorBody;
        Throwable failure;

        Throwable error() {
            if (failure != null) {
                return failure;
            }
            if (code != 200) {
                return new LogRequestException(code, errorBody == null ? null : errorBody.toString(StandardCharsets.UTF_8));
            }
            return null;
        }
    }

    private CompletableFuture<Response> request(String url, boolean follow, int conn) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Response response = new Response();
        HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(url);
        if (follow) {
            builder.forStreaming();
        } else {
            builder.timeout(options.finalReadTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        CompletableFuture<io.fabric8.kubernetes.client.http.HttpResponse<AsyncBody>> sent;
        BodyGate gate = new BodyGate();
        try {
            ReadAhead ahead = new ReadAhead();
            sent = http.consumeBytes(builder.build(), (buffers, asyncBody) -> {
                if (!gate.delivered(asyncBody)) {
                    return; // cancelled while this chunk was read: cancelled now, by the thread that read it
                }
                byte[] data = copy(buffers);
                boolean next = ahead.read(data.length);
                serial.execute(() -> {
                    if (!onBytes(conn, response, data)) {
                        gate.cancel(asyncBody);
                    } else if (ahead.processed(data.length)) {
                        gate.consume(asyncBody);
                    }
                });
                if (next) {
                    gate.consume(asyncBody); // read on while this chunk is processed
                }
            });
        } catch (RuntimeException e) {
            response.failure = e;
            result.complete(response);
            return result;
        }
        sent.whenComplete((resp, err) -> {
            if (err != null) {
                serial.execute(() -> {
                    response.failure = err;
                    result.complete(response);
                });
                return;
            }
            response.code = resp.code();
            AsyncBody b = resp.body();
            synchronized (this) {
                if (conn != connection) {
                    gate.cancel(b);
                    serial.execute(() -> result.complete(response));
                    return;
                }
                body = b;
                bodyGate = gate;
            }
            b.done().whenComplete((v, t) -> serial.execute(() -> {
                if (t != null) {
                    response.failure = t;
                }
                result.complete(response);
            }));
            gate.consume(b);
        });
        return result;
    }

    /**
     * Reading and processing overlap, bounded: the next chunk is asked for at once while less than
     * {@link #READ_AHEAD_BYTES} wait, otherwise by the processing that brings it back under half of that.
     * Exactly one of the two asks for each chunk.
     */
    private static final class ReadAhead {
        private long waiting;
        private boolean owed;

        /** A chunk was read; true: ask for the next one now. */
        synchronized boolean read(int bytes) {
            waiting += bytes;
            if (waiting < READ_AHEAD_BYTES) {
                return true;
            }
            owed = true;
            return false;
        }

        /** A chunk was processed; true: ask for the next one now (reading had paused). */
        synchronized boolean processed(int bytes) {
            waiting -= bytes;
            if (owed && waiting < READ_AHEAD_BYTES / 2) {
                owed = false;
                return true;
            }
            return false;
        }
    }

    /** Processes one chunk; false stops the response. Runs on the serial executor. */
    private boolean onBytes(int conn, Response response, byte[] data) {
        synchronized (this) {
            if (conn != connection) {
                return false;
            }
            if (response.code != 200) {
                if (response.errorBody == null) {
                    response.errorBody = new ByteArrayOutputStream();
                }
                if (response.errorBody.size() < 4096) {
                    response.errorBody.write(data, 0, Math.min(data.length, 4096 - response.errorBody.size()));
                }
                return true;
            }
            response.bytes += data.length;
            long before = delivered;
            lines.feed(data, 0, data.length, this::deliver);
            response.delivered += delivered - before;
            return true;
        }
    }

    private long delivered;

    private void deliver(byte[] utf8, int length, int count) {
        delivered += count;
        sink.logLines(worker, utf8, 0, length);
    }

    private void cancelBody() {
        AsyncBody b = body;
        BodyGate g = bodyGate;
        body = null;
        bodyGate = null;
        if (b != null) {
            try {
                g.cancel(b);
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    /**
     * Orders one response body's reads and its cancel. fabric8's OkHttp body (7.3) reads its okio source on an executor
     * thread and closes it on another when cancelled, with no lock in common: a cancel while a read is in flight
     * corrupts okio's shared buffers (another connection's bytes then turn up in a stream). On that client a cancel
     * asked for during a read is carried out by the thread that delivers the read's bytes; with no read in flight, at
     * once. Other clients cancel at once.
     */
    static final class BodyGate {
        private boolean reading;
        private boolean cancelWanted;
        private boolean cancelled;

        synchronized void consume(AsyncBody b) {
            if (cancelled || cancelWanted) {
                return;
            }
            reading = true;
            b.consume();
        }

        /** Bytes of a read arrived (on the reading thread); false: the body is cancelled now, drop them. */
        synchronized boolean delivered(AsyncBody b) {
            reading = false;
            if (cancelWanted && !cancelled) {
                cancelled = true;
                b.cancel();
            }
            return !cancelled;
        }

        synchronized void cancel(AsyncBody b) {
            if (cancelled) {
                return;
            }
            if (reading && b.getClass().getName().contains("OkHttp")) {
                cancelWanted = true;
                return;
            }
            cancelled = true;
            b.cancel();
        }
    }

    private String url(boolean follow, boolean previous, Integer limitBytes, Integer tailLines) {
        StringBuilder q = new StringBuilder();
        q.append("container=").append(enc(container)).append("&timestamps=true");
        if (follow) {
            q.append("&follow=true");
        }
        if (previous) {
            q.append("&previous=true");
        }
        String since = lines.sinceTime();
        if (since != null) {
            Instant i = LogLines.parseInstant(since);
            if (i != null) {
                // sinceTime is whole seconds; the server may also answer with earlier lines: LogLines drops them
                q.append("&sinceTime=").append(enc(i.truncatedTo(ChronoUnit.SECONDS).toString()));
            }
        }
        if (tailLines != null) {
            q.append("&tailLines=").append(tailLines);
        }
        if (limitBytes != null) {
            q.append("&limitBytes=").append(limitBytes);
        }
        return masterUrl + "api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(podName) + "/log?" + q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] copy(List<ByteBuffer> buffers) {
        int n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        byte[] out = new byte[n];
        int at = 0;
        for (ByteBuffer b : buffers) {
            int r = b.remaining();
            b.get(out, at, r);
            at += r;
        }
        return out;
    }

    @Override
    public String toString() {
        return podName + "/" + container + "#" + restartCount;
    }
}

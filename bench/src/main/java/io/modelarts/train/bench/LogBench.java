package io.modelarts.train.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.modelarts.train.backend.kubernetes.BenchLogAccess;
import io.modelarts.train.backend.kubernetes.KubernetesClients;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.SecretMasker;
import io.modelarts.train.logs.WorkerPrefixSink;
import io.modelarts.train.metrics.MetricRule;
import io.modelarts.train.metrics.MetricsRecorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 6 items 1 and 2: a kubelet-like chunked log endpoint ({@code timestamps=true} lines) read through the engine's
 * whole log path (ContainerLogStream/LogLines cursor, SecretMasker, WorkerPrefixSink, FileLogSink) vs the JDK HttpClient.
 */
final class LogBench {

    static final String SECRET = "hunter2-s3cr3t-token";
    private static final String NS = "ns";
    static final String WORKER = "worker-1";

    private final Bench.Options o;
    byte[] payload;
    private volatile int latencyLines;
    /** How late the server thread itself woke up for each line (ns): the machine's scheduling stalls. */
    private volatile long[] lastLateness;

    LogBench(Bench.Options o) {
        this.o = o;
    }

    /** {@code n} lines of about 100 bytes, RFC 3339 nano timestamps 1 µs apart; every 50th line holds the secret. */
    static byte[] payload(long n) {
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, n * 101));
        long baseSec = Instant.parse("2026-11-29T00:00:00Z").getEpochSecond();
        String secPrefix = null;
        long curSec = -1;
        for (long i = 0; i < n; i++) {
            long nanosTotal = i * 1000;
            long sec = baseSec + nanosTotal / 1_000_000_000L;
            if (sec != curSec) {
                curSec = sec;
                String s = Instant.ofEpochSecond(sec).toString(); // 2026-11-29T00:00:00Z
                secPrefix = s.substring(0, s.length() - 1) + ".";
            }
            sb.append(secPrefix);
            String frac = Long.toString(nanosTotal % 1_000_000_000L);
            for (int z = frac.length(); z < 9; z++) {
                sb.append('0');
            }
            sb.append(frac).append("Z ");
            sb.append("step=").append(i).append(" loss=0.").append(1000 + i % 9000)
                    .append(i % 50 == 0 ? " token=" + SECRET : " lr=0.000300 grad_norm=1.2345")
                    .append(" epoch=3 samples/s=1234.5 gpu_mem=71.2GiB");
            int lineStart = sb.lastIndexOf("\n") + 1;
            while (sb.length() - lineStart < 99) {
                sb.append('.');
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The log endpoint: pod "bulk" streams the payload as fast as it can, pod "paced" writes 1 line/ms with its send time. */
    HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-log-server");
            t.setDaemon(true);
            return t;
        }));
        s.createContext("/api/v1/namespaces/" + NS + "/pods/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/bulk/log")) {
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    int step = 64 * 1024;
                    for (int off = 0; off < payload.length; off += step) {
                        out.write(payload, off, Math.min(step, payload.length - off));
                    }
                }
            } else if (path.endsWith("/paced/log")) {
                ex.sendResponseHeaders(200, 0);
                long[] lateness = new long[latencyLines];
                lastLateness = lateness;
                try (OutputStream out = ex.getResponseBody()) {
                    long start = System.nanoTime();
                    for (int i = 0; i < latencyLines; i++) {
                        long due = start + i * 1_000_000L;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        lateness[i] = System.nanoTime() - due;
                        String line = Instant.now() + " sent=" + System.nanoTime() + " step=" + i + " loss=0.25 token=" + SECRET + "\n";
                        out.write(line.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        }
    }

    static KubernetesClient client(HttpServer s) {
        String master = "http://127.0.0.1:" + s.getAddress().getPort();
        // built as the engine builds its clients, on the HTTP client of this run
        return KubernetesClients.create(Bench.client().factory(), new ConfigBuilder(Config.empty()).withMasterUrl(master).build());
    }

    static ThreadPoolExecutor logPool() {
        // as KubernetesBackend: logThreads (default 4) fixed threads
        return new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bench-k8s-log");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the engine's path for pod {@code pod} into {@code sink}; returns seconds. */
    static double ours(KubernetesClient client, ExecutorService pool, String pod, JobEventSink sink) throws Exception {
        HttpClient http = client.getHttpClient();
        long t = System.nanoTime();
        CompletableFuture<Throwable> done = BenchLogAccess.followOnce(http, client.getConfiguration().getMasterUrl(), pool, sink,
                NS, pod, "main", WORKER);
        Throwable err = done.get(30, TimeUnit.MINUTES);
        double s = (System.nanoTime() - t) / 1e9;
        if (err != null) {
            throw new IllegalStateException("log stream failed", err);
        }
        return s;
    }

    /**
     * The same-transport baseline: the HTTP client of the very fabric8 client the engine uses (built by
     * {@link KubernetesClients}), asking for the same log URL as a stream, as ContainerLogStream does, and writing each
     * chunk's bytes straight to a file on the client's callback thread, asking for the next chunk after the write.
     * Returns seconds.
     */
    private static double fabric8Raw(KubernetesClient client, String url, Path file, long[] chunks) throws Exception {
        HttpClient http = client.getHttpClient();
        long t = System.nanoTime();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            io.fabric8.kubernetes.client.http.HttpResponse<AsyncBody> resp = http.consumeBytes(
                    http.newHttpRequestBuilder().uri(url).forStreaming().build(), (buffers, body) -> {
                        chunks[0]++; // how finely the client hands the body on: every chunk costs the engine a hand-off
                        for (ByteBuffer b : buffers) {
                            while (b.hasRemaining()) {
                                out.write(b);
                            }
                        }
                        body.consume();
                    }).get(30, TimeUnit.MINUTES);
            if (resp.code() != 200) {
                resp.body().cancel();
                throw new IllegalStateException("fabric8 raw copy: HTTP " + resp.code());
            }
            resp.body().consume();
            resp.body().done().get(30, TimeUnit.MINUTES);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /**
     * A diagnostic, not a side: the fabric8 raw copy with one hand-off per chunk, as ContainerLogStream hands each chunk
     * to its processing thread (a copy of the bytes and a task on another thread), before any processing. Seconds.
     */
    private static double fabric8RawHandOff(KubernetesClient client, String url, Path file) throws Exception {
        HttpClient http = client.getHttpClient();
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-hand-off");
            t.setDaemon(true);
            return t;
        });
        long t = System.nanoTime();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            io.fabric8.kubernetes.client.http.HttpResponse<AsyncBody> resp = http.consumeBytes(
                    http.newHttpRequestBuilder().uri(url).forStreaming().build(), (buffers, body) -> {
                        int n = 0;
                        for (ByteBuffer b : buffers) {
                            n += b.remaining();
                        }
                        ByteBuffer copy = ByteBuffer.allocate(n);
                        buffers.forEach(copy::put);
                        copy.flip();
                        writer.execute(() -> {
                            try {
                                while (copy.hasRemaining()) {
                                    out.write(copy);
                                }
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        body.consume();
                    }).get(30, TimeUnit.MINUTES);
            resp.body().consume();
            resp.body().done().get(30, TimeUnit.MINUTES);
            writer.submit(() -> { }).get(); // every hand-off written
        } finally {
            writer.shutdownNow();
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /** The side names of the throughput rows, in the order they rotate. */
    private static final String[] SIDES = {"ours", "fabric8 raw bytes -> file", "JDK HttpClient raw bytes -> file"};

    void throughput() throws Exception {
        Bench.log("logs: generating " + o.logLines + " lines");
        payload = payload(o.logLines);
        Path dir = o.work.resolve("logs");
        CollectBench.deleteTree(dir);
        Files.createDirectories(dir);
        HttpServer s = server();
        ThreadPoolExecutor pool = logPool();
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        String bulkUrl = "http://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/namespaces/" + NS
                + "/pods/bulk/log?container=main&timestamps=true&follow=true";
        URI bulk = URI.create(bulkUrl);
        try (KubernetesClient client = client(s)) {
            int n = o.rounds;
            double[][] times = new double[SIDES.length][n];
            long[] chunks = new long[1];
            double mib = payload.length / (double) (1 << 20);
            for (int round = -o.warmup; round < n; round++) {
                boolean warm = round < 0;
                int r = Math.max(0, round);
                // rotate the order each round, so that no side always runs first
                for (int k = 0; k < SIDES.length; k++) {
                    int side = (r + k) % SIDES.length;
                    double v;
                    if (side == 0) {
                        Path d = dir.resolve("ours-" + r);
                        FileLogSink files = new FileLogSink(d, 2);
                        JobEventSink sink = SecretMasker.wrap(new WorkerPrefixSink(files), List.of(SECRET));
                        v = ours(client, pool, "bulk", sink);
                        files.close();
                        verifyOurs(files.file(WORKER), o.logLines);
                        CollectBench.deleteTree(d);
                    } else if (side == 1) {
                        Path f = dir.resolve("fabric8-" + r + ".log");
                        chunks[0] = 0;
                        v = fabric8Raw(client, bulkUrl, f, chunks);
                        checkCopy(f);
                    } else {
                        Path f = dir.resolve("jdk-" + r + ".log");
                        long t = System.nanoTime();
                        HttpResponse<Path> resp = jdk.send(HttpRequest.newBuilder(bulk).build(), HttpResponse.BodyHandlers.ofFile(f));
                        v = (System.nanoTime() - t) / 1e9;
                        if (resp.statusCode() != 200) {
                            throw new IllegalStateException("JDK raw copy: HTTP " + resp.statusCode());
                        }
                        checkCopy(f);
                    }
                    v = Math.max(v, 1e-9);
                    if (!warm) {
                        times[side][r] = v;
                    }
                    Bench.log(String.format(Locale.ROOT, "logs round %s: %s %.2f s (%.0f MiB/s)", warm ? "warm-up" : r, SIDES[side], v, mib / v));
                }
            }
            // per-phase breakdown (one run each, after the rounds): where our time goes
            Path h = dir.resolve("hand-off.log");
            double handOff = fabric8RawHandOff(client, bulkUrl, h);
            checkCopy(h);
            double transportParse = ours(client, pool, "bulk", JobEventSink.NONE);
            double plusMaskPrefix = ours(client, pool, "bulk", SecretMasker.wrap(new WorkerPrefixSink(JobEventSink.NONE), List.of(SECRET)));
            Path d = dir.resolve("phase");
            FileLogSink files = new FileLogSink(d, 2);
            long t = System.nanoTime();
            // as the engine feeds it: blocks of whole lines of about one received chunk (64 KiB)
            byte[] nl = payload;
            int from = 0;
            int lines = o.logLines > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) o.logLines;
            while (from < nl.length) {
                int to = Math.min(nl.length, from + 64 * 1024);
                while (to < nl.length && nl[to - 1] != '\n') {
                    to++;
                }
                files.logLines(WORKER, nl, from, to);
                from = to;
            }
            files.close();
            double fileOnly = (System.nanoTime() - t) / 1e9;
            CollectBench.deleteTree(d);

            double mo = Bench.median(times[0]);
            String label = String.format(Locale.ROOT, "log pipeline throughput, %,d lines (%.0f MiB)", o.logLines, mib);
            for (int side = 1; side < SIDES.length; side++) {
                double mb = Bench.median(times[side]);
                double ratio = mb / mo;
                boolean sameTransport = side == 1;
                Bench.ROWS.add(new Bench.Row(label + ": ours vs " + (sameTransport
                                ? "fabric8 raw bytes -> file (the same client)" : "JDK HttpClient raw bytes -> file (another transport)"),
                        throughput(mib, times[0]), throughput(mib, times[side]) + "; " + SIDES[side],
                        String.format(Locale.ROOT, "%.2f of baseline", ratio), sameTransport ? ">= 0.90" : "info",
                        sameTransport ? Boolean.valueOf(ratio >= 0.9) : null, null));
            }
            Bench.NOTES.add(String.format(Locale.ROOT, "logs: seconds per round, ours %s, fabric8 raw %s, JDK raw %s. Ours: the engine's "
                            + "ContainerLogStream (read-ahead, LogLines, SecretMasker, WorkerPrefixSink, FileLogSink) on a client built by "
                            + "KubernetesClients, as the front end builds it; the fabric8 raw copy uses that same client's HTTP client and URL "
                            + "and writes each chunk to a file as it arrives; it was handed the body in %d chunks (%.1f KiB on average), "
                            + "and ContainerLogStream is handed the same chunks, each one a hand-off to its processing thread.",
                    Arrays.toString(times[0]), Arrays.toString(times[1]), Arrays.toString(times[2]), chunks[0],
                    payload.length / 1024.0 / Math.max(1, chunks[0])));
            Bench.NOTES.add(String.format(Locale.ROOT, "logs phases (one run each, %.0f MiB): the fabric8 raw copy with a hand-off "
                            + "of each chunk to another thread (no processing) %.2f s (%.0f MiB/s); fabric8 HTTP + ContainerLogStream/LogLines "
                            + "(split, timestamp parse, dedupe) into a no-op sink %.2f s (%.0f MiB/s); + SecretMasker + WorkerPrefixSink %.2f s "
                            + "(%.0f MiB/s); FileLogSink alone, %d lines fed from memory in 64 KiB blocks, %.2f s (%.0f MiB/s); whole path median %.2f s.",
                    mib, handOff, mib / handOff, transportParse, mib / transportParse, plusMaskPrefix, mib / plusMaskPrefix, lines, fileOnly, mib / fileOnly, mo));
        } finally {
            s.stop(0);
            pool.shutdownNow();
            CollectBench.deleteTree(dir);
            payload = null;
        }
    }

    /** MiB/s at the median time, and the range of the rounds' MiB/s. */
    static String throughput(double mib, double[] seconds) {
        double[] rates = Arrays.stream(seconds).map(v -> mib / v).toArray();
        return String.format(Locale.ROOT, "%.0f MiB/s (%s)", mib / Bench.median(seconds), Bench.range(rates, "%.0f"));
    }

    /** A raw copy must hold exactly the bytes sent. */
    private void checkCopy(Path f) throws IOException {
        long size = Files.size(f);
        if (size != payload.length) {
            throw new IllegalStateException(f.getFileName() + ": " + size + " of " + payload.length + " bytes");
        }
        Files.delete(f);
    }

    static void verifyOurs(Path file, long expectedLines) throws IOException {
        long count = 0;
        long leaked = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("[" + WORKER + "] ")) {
                    count++;
                }
                if (l.contains(SECRET)) {
                    leaked++;
                }
            }
        }
        if (count != expectedLines || leaked != 0) {
            throw new IllegalStateException(file + ": " + count + " lines of " + expectedLines + ", " + leaked + " with the secret");
        }
    }

    /** Records arrival minus send time of each line (the server put its System.nanoTime() after "sent="). */
    static final class LatencyRecorder implements JobEventSink {
        final long[] lat;
        int n;

        LatencyRecorder(int capacity) {
            lat = new long[capacity];
        }

        @Override
        public void status(JobStatus status, String reason) {
        }

        @Override
        public synchronized void log(String worker, String line) {
            long now = System.nanoTime();
            int i = line.indexOf("sent=");
            if (i >= 0 && n < lat.length) {
                int e = line.indexOf(' ', i);
                lat[n++] = now - Long.parseLong(line.substring(i + 5, e < 0 ? line.length() : e));
            }
        }

        @Override
        public void info(String message) {
        }

        synchronized double pct(double p) {
            long[] s = Arrays.copyOf(lat, n);
            Arrays.sort(s);
            return s.length == 0 ? Double.NaN : s[(int) Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] / 1e6;
        }
    }

    /** A tee: the file first, then the recorder (so the latency includes writing the line to the file). */
    private static JobEventSink fileThenRecord(FileLogSink files, LatencyRecorder rec) {
        return new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
            }

            @Override
            public void log(String worker, String line) {
                files.log(worker, line);
                rec.log(worker, line);
            }

            @Override
            public void info(String message) {
            }
        };
    }

    /**
     * The same-transport latency baseline: the engine's fabric8 client's HTTP client on the same URL, splitting each
     * chunk into lines on the callback thread and recording each line as it is found.
     */
    private static void fabric8RawLines(KubernetesClient client, String url, LatencyRecorder rec) throws Exception {
        HttpClient http = client.getHttpClient();
        java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        io.fabric8.kubernetes.client.http.HttpResponse<AsyncBody> resp = http.consumeBytes(
                http.newHttpRequestBuilder().uri(url).forStreaming().build(), (buffers, body) -> {
                    for (ByteBuffer b : buffers) {
                        while (b.hasRemaining()) {
                            byte c = b.get();
                            if (c == '\n') {
                                rec.log(WORKER, partial.toString(StandardCharsets.US_ASCII));
                                partial.reset();
                            } else {
                                partial.write(c);
                            }
                        }
                    }
                    body.consume();
                }).get(5, TimeUnit.MINUTES);
        if (resp.code() != 200) {
            resp.body().cancel();
            throw new IllegalStateException("fabric8 raw lines: HTTP " + resp.code());
        }
        resp.body().consume();
        resp.body().done().get(30, TimeUnit.MINUTES);
    }

    /** The side names of the latency rows, in the order they rotate. */
    private static final String[] LATENCY_SIDES = {"ours", "fabric8 raw lines", "JDK HttpClient readLine"};

    void latency() throws Exception {
        latencyLines = o.latencySeconds * 1000;
        Path dir = o.work.resolve("latency");
        CollectBench.deleteTree(dir);
        Files.createDirectories(dir);
        HttpServer s = server();
        ThreadPoolExecutor pool = logPool();
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        String pacedUrl = "http://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/namespaces/" + NS
                + "/pods/paced/log?container=main&timestamps=true&follow=true";
        URI paced = URI.create(pacedUrl);
        try (KubernetesClient client = client(s)) {
            int n = o.rounds;
            int sides = LATENCY_SIDES.length;
            double[][] p50 = new double[sides][n];
            double[][] p99 = new double[sides][n];
            double[][] serverLate99 = new double[sides][n];
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < sides; k++) {
                    int side = (r + k) % sides;
                    LatencyRecorder rec = new LatencyRecorder(latencyLines);
                    if (side == 0) {
                        FileLogSink files = new FileLogSink(dir.resolve("ours-" + r), 2);
                        ours(client, pool, "paced", SecretMasker.wrap(new WorkerPrefixSink(fileThenRecord(files, rec)), List.of(SECRET)));
                        files.close();
                    } else if (side == 1) {
                        fabric8RawLines(client, pacedUrl, rec);
                    } else {
                        HttpResponse<InputStream> resp = jdk.send(HttpRequest.newBuilder(paced).build(), HttpResponse.BodyHandlers.ofInputStream());
                        try (BufferedReader br = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.US_ASCII))) {
                            String l;
                            while ((l = br.readLine()) != null) {
                                rec.log(WORKER, l);
                            }
                        }
                    }
                    p50[side][r] = rec.pct(0.5);
                    p99[side][r] = rec.pct(0.99);
                    long[] late = lastLateness.clone();
                    Arrays.sort(late);
                    serverLate99[side][r] = late[(int) Math.ceil(0.99 * late.length) - 1] / 1e6;
                    Bench.log(String.format(Locale.ROOT, "latency round %d: %s %d lines, p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                                    + "the server thread itself woke late by p99 %.2f ms, max %.2f ms",
                            r, LATENCY_SIDES[side], rec.n, p50[side][r], p99[side][r], rec.pct(1.0), serverLate99[side][r], late[late.length - 1] / 1e6));
                    if (rec.n != latencyLines) {
                        throw new IllegalStateException("latency: " + rec.n + " of " + latencyLines + " lines arrived");
                    }
                }
            }
            double mo = Bench.median(p99[0]);
            String label = String.format(Locale.ROOT, "log latency p99 at 1,000 lines/s (%d s)", o.latencySeconds);
            for (int side = 1; side < sides; side++) {
                double mb = Bench.median(p99[side]);
                boolean sameTransport = side == 1;
                Bench.ROWS.add(new Bench.Row(label + ": ours vs " + (sameTransport ? "fabric8 raw lines (the same client)"
                                : "JDK HttpClient readLine (another transport)"),
                        latency(p99[0], p50[0]), latency(p99[side], p50[side]) + "; " + LATENCY_SIDES[side],
                        String.format(Locale.ROOT, "%.2fx", mo / mb), sameTransport ? "ours <= 5 ms" : "info",
                        sameTransport ? Boolean.valueOf(mo <= 5) : null, null));
            }
            Bench.NOTES.add(String.format(Locale.ROOT, "latency: p99 per round (ms), ours %s, fabric8 raw lines %s, JDK readLine %s; in "
                            + "the rounds of ours the server's own sending thread woke late by p99 %s ms (scheduling stalls of the "
                            + "machine, not the pipeline). Ours includes writing each line to the log file before it is timed.",
                    Arrays.toString(p99[0]), Arrays.toString(p99[1]), Arrays.toString(p99[2]), Arrays.toString(serverLate99[0])));
        } finally {
            s.stop(0);
            pool.shutdownNow();
            CollectBench.deleteTree(dir);
        }
    }

    /** The median p99 of the rounds, their range, and the median p50. */
    private static String latency(double[] p99, double[] p50) {
        return String.format(Locale.ROOT, "p99 %.2f ms (%s), p50 %.2f", Bench.median(p99), Bench.range(p99, "%.2f"), Bench.median(p50));
    }
}

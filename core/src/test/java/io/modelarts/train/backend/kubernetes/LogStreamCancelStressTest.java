package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.testing.kube.LogStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many follow streams of fast-writing containers on one client, some of them cancelled over and over while their bytes
 * are being read, next to streams that are never cancelled, a pod watch and pod lists on the same client. A cancel that
 * races a read of the same response body (fabric8's OkHttp body reads on one thread and closes on another, with no lock
 * in common) corrupts okio's shared buffers: bytes of one connection then turn up in another. Every line carries its pod
 * and its number and has one exact text, so a sink sees any foreign, lost, repeated or reordered byte; the watch and the
 * lists check their own contents.
 *
 * <p>Any exception that escapes a thread during the test fails it too, the HTTP client's threads included: a buffer
 * segment that two connections share usually shows first as an {@code ArrayIndexOutOfBoundsException} in okio on an
 * {@code OkHttp Dispatcher} thread (without {@link ContainerLogStream.BodyGate} this test fails that way within a
 * second or two).
 *
 * <p>Runs on the HTTP client under test (OkHttp in core's default surefire run, where the race lives). Its length is
 * fixed: a fixed number of lines per pod and of cancels per cancelled pod, whatever the machine's speed.
 */
class LogStreamCancelStressTest extends KubeBackendTestSupport {

    private static final String CONTAINER = "train";
    /** Pods whose stream is never cancelled: each must receive its whole log, exactly. */
    private static final int KEPT = 4;
    /** Pods whose stream is cancelled and reopened from its cursor {@link #CANCELS_PER_POD} times. */
    private static final int CANCELLED = 12;
    private static final int CANCELS_PER_POD = 15;
    /** A cancel each time a cancelled pod's sink passes another multiple of this many lines. */
    private static final int LINES_PER_CANCEL = 100;
    private static final int LINES_PER_POD = 4000;
    /** Lines appended to every pod at each writer tick (every {@link #WRITE_EVERY_MS}). */
    private static final int LINES_PER_TICK = 20;
    private static final long WRITE_EVERY_MS = 10;
    /** Changes of the probe pod that the watch and the lists must see intact. */
    private static final int PROBE_CHANGES = 150;
    private static final long PROBE_EVERY_MS = 15;

    private static final Pattern POD_NAME = Pattern.compile("logpod-\\d\\d");

    /** Problems seen by any checker, in the order seen (the first ones are the telling ones). */
    private final List<String> problems = new ArrayList<>();
    /** Set before the containers end: from then on a follow stream ends normally. */
    private volatile boolean containersEnded;

    @Test
    void cancellingStreamsWhileTheirBytesAreReadLeavesEveryOtherConnectionIntact() throws Exception {
        long start = System.nanoTime();
        // an exception escaping any thread (the HTTP client's included: a corrupt buffer throws there first) is a problem
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            problem("uncaught in thread " + t.getName() + ": " + e);
            if (before != null) {
                before.uncaughtException(t, e);
            }
        });
        try {
            streamAndCancel();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        System.out.printf("%s: %d streams (%d cancelled %d times each, every %d lines), %d lines each, %d probe changes, in %d ms%n",
                getClass().getSimpleName(), KEPT + CANCELLED, CANCELLED, CANCELS_PER_POD, LINES_PER_CANCEL, LINES_PER_POD,
                PROBE_CHANGES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private void streamAndCancel() throws Exception {
        LogStore store = cluster.logs();
        HttpClient http = client.getHttpClient();
        String master = client.getMasterUrl().toString();
        cluster.apiClient().pods().inNamespace(ns).resource(pod("probe")).create();

        List<Follower> followers = new ArrayList<>();
        for (int i = 0; i < KEPT + CANCELLED; i++) {
            Pod p = cluster.apiClient().pods().inNamespace(ns).resource(pod(String.format("logpod-%02d", i))).create();
            store.start(p.getMetadata().getUid(), CONTAINER, 0);
            followers.add(new Follower(http, master, p, i >= KEPT ? CANCELS_PER_POD : 0));
        }

        ProbeWatcher watcher = new ProbeWatcher();
        ScheduledExecutorService drivers = Executors.newScheduledThreadPool(2, named("test-stress-driver"));
        ExecutorService cancellers = Executors.newFixedThreadPool(4, named("test-stress-cancel"));
        try (Watch watch = client.pods().inNamespace(ns).watch(watcher)) {
            followers.forEach(f -> f.open(null, cancellers));

            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> writing = new CompletableFuture<>();
            ScheduledFuture<?> writer = drivers.scheduleAtFixedRate(() -> {
                int from = written.get();
                if (from >= LINES_PER_POD) {
                    writing.complete(null);
                    return;
                }
                int to = Math.min(LINES_PER_POD, from + LINES_PER_TICK);
                try {
                    synchronized (store) { // one wake-up of the log server's streams per tick, not one per pod
                        for (Follower f : followers) {
                            String[] lines = new String[to - from];
                            for (int n = from; n < to; n++) {
                                lines[n - from] = line(f.name, n);
                            }
                            store.append(f.uid, CONTAINER, 0, lines);
                        }
                    }
                    written.set(to);
                } catch (RuntimeException e) {
                    problem("writing lines " + from + " to " + to + ": " + e);
                    writing.complete(null);
                }
            }, 0, WRITE_EVERY_MS, TimeUnit.MILLISECONDS);

            AtomicInteger changes = new AtomicInteger();
            CompletableFuture<Void> probing = new CompletableFuture<>();
            ScheduledFuture<?> prober = drivers.scheduleWithFixedDelay(() -> {
                int n = changes.get();
                if (n >= PROBE_CHANGES) {
                    probing.complete(null);
                    return;
                }
                try {
                    // changed through the stand-ins' own client; read back through the client under test
                    cluster.apiClient().pods().inNamespace(ns).withName("probe")
                            .edit(p -> new PodBuilder(p).editMetadata().addToAnnotations(probeAnnotations(n + 1)).endMetadata().build());
                    changes.set(n + 1);
                    checkList(client.pods().inNamespace(ns).list().getItems(), n + 1);
                } catch (RuntimeException e) {
                    problem("probe change " + (n + 1) + " or list: " + e);
                    probing.complete(null);
                }
            }, 0, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);

            // every pod's whole log, or a problem: waiting out the timeout after a problem would only hide it
            eventually().until(() -> hasProblems() || (writing.isDone() && followers.stream().allMatch(Follower::complete)));
            writer.cancel(false);
            eventually().until(() -> hasProblems() || (probing.isDone() && watcher.seen() >= PROBE_CHANGES));
            prober.cancel(false);
            assertThat(problemsSoFar()).as("problems while streaming (first ones first)").isEmpty();

            // the containers end: the follow streams end normally, and finishing reads nothing more
            containersEnded = true;
            followers.forEach(f -> store.end(f.uid, CONTAINER, 0));
            eventually().until(() -> hasProblems() || followers.stream().allMatch(f -> f.ended.isDone()));
            List<CompletableFuture<Void>> finishing = followers.stream().map(f -> f.current().finish(false)).toList();
            CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            drivers.shutdownNow();
            cancellers.shutdownNow();
            followers.stream().map(Follower::current).filter(java.util.Objects::nonNull).forEach(ContainerLogStream::close);
        }

        assertThat(problemsSoFar()).as("problems (first ones first)").isEmpty();
        for (Follower f : followers) {
            assertThat(f.sink.next()).as("lines of %s received in order, exactly once", f.name).isEqualTo(LINES_PER_POD);
            assertThat(f.cancels()).as("cancels of %s", f.name).isEqualTo(f.cancelsWanted);
        }
        assertThat(watcher.seen()).as("probe changes seen by the watch").isEqualTo(PROBE_CHANGES);
    }

    /** A pod of this namespace; the log server only looks it up, nothing runs it. */
    private Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().addNewContainer().withName(CONTAINER).withImage("busybox").endContainer().endSpec().build();
    }

    /** Line {@code n} of {@code pod}: its pod and number, then a text made of both, so that any foreign byte shows. */
    static String line(String pod, int n) {
        String mark = pod + ":" + n + ";";
        StringBuilder b = new StringBuilder(pod).append(' ').append(String.format("%06d", n)).append(' ');
        while (b.length() < 110) {
            b.append(mark);
        }
        return b.toString();
    }

    private static Map<String, String> probeAnnotations(int n) {
        return Map.of("stress/n", Integer.toString(n), "stress/pad", probePad(n));
    }

    /** A few KiB that only change number {@code n} has. */
    private static String probePad(int n) {
        return ("change-" + n + "-").repeat(300);
    }

    /** The probe's annotations, when it has any, must belong together; {@code null}: fine. */
    private static String probeProblem(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        if (a == null || !a.containsKey("stress/n")) {
            return null;
        }
        int n = Integer.parseInt(a.get("stress/n"));
        return probePad(n).equals(a.get("stress/pad")) ? null : "probe change " + n + " arrived with another pad: " + a.get("stress/pad");
    }

    private void checkList(List<Pod> pods, int atLeast) {
        if (pods.size() != KEPT + CANCELLED + 1) {
            problem("a pod list has " + pods.size() + " pods, not " + (KEPT + CANCELLED + 1));
        }
        for (Pod p : pods) {
            if (p.getMetadata().getName().equals("probe")) {
                String wrong = probeProblem(p);
                if (wrong != null) {
                    problem("list: " + wrong);
                } else if (Integer.parseInt(p.getMetadata().getAnnotations().get("stress/n")) < atLeast) {
                    problem("list: the probe is older than change " + atLeast);
                }
            }
        }
    }

    private void problem(String what) {
        synchronized (problems) {
            if (problems.size() < 30) {
                problems.add(what);
            }
        }
    }

    private boolean hasProblems() {
        synchronized (problems) {
            return !problems.isEmpty();
        }
    }

    private List<String> problemsSoFar() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The follow stream of one pod and, for a cancelled pod, its successors: each reopened from the last one's cursor. */
    private final class Follower {
        final String name;
        final String uid;
        final int cancelsWanted;
        final CheckedLog sink;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final HttpClient http;
        private final String master;
        // guarded by this
        private ContainerLogStream current;
        private int cancels;
        private boolean reopening;

        Follower(HttpClient http, String master, Pod p, int cancelsWanted) {
            this.http = http;
            this.master = master;
            this.name = p.getMetadata().getName();
            this.uid = p.getMetadata().getUid();
            this.cancelsWanted = cancelsWanted;
            this.sink = new CheckedLog(name);
        }

        synchronized ContainerLogStream current() {
            return current;
        }

        synchronized int cancels() {
            return cancels;
        }

        /** The whole log arrived and every cancel is done. */
        synchronized boolean complete() {
            return sink.next() >= LINES_PER_POD && cancels == cancelsWanted && !reopening;
        }

        void open(LogCursor cursor, ExecutorService cancellers) {
            ContainerLogStream s = new ContainerLogStream(http, master, backend.pool, sink, backend.options, ns, name, uid,
                    CONTAINER, 0, name, cursor);
            synchronized (this) {
                current = s;
                reopening = false;
            }
            sink.onProgress(next -> maybeCancel(next, cancellers));
            s.follow((stream, error) -> {
                if (error != null || !containersEnded) {
                    problem("the follow stream of " + name + " ended by itself before its container did: " + error);
                }
                ended.complete(null);
            });
            // a mark passed while this stream was being opened: cancel it at once (a fixed number of cancels, however slow)
            maybeCancel(sink.next(), cancellers);
        }

        /** Called by the sink after each block: cancel once per {@link #LINES_PER_CANCEL} lines, one at a time. */
        private void maybeCancel(int next, ExecutorService cancellers) {
            synchronized (this) {
                if (reopening || cancels >= cancelsWanted || next < (cancels + 1) * LINES_PER_CANCEL) {
                    return;
                }
                reopening = true;
                cancels++;
            }
            // from another thread, while the stream's next bytes are being read (reading runs ahead of processing)
            cancellers.execute(() -> {
                ContainerLogStream old = current();
                old.close();
                open(old.cursor(), cancellers);
            });
        }
    }

    /** A pod's sink: every line must be the next one of its own pod, exactly. */
    private final class CheckedLog implements JobEventSink {
        private final String pod;
        // guarded by this
        private int next;
        private java.util.function.IntConsumer progress = n -> { };

        CheckedLog(String pod) {
            this.pod = pod;
        }

        synchronized int next() {
            return next;
        }

        synchronized void onProgress(java.util.function.IntConsumer p) {
            progress = p;
        }

        @Override
        public void logLines(String worker, byte[] utf8, int from, int to) {
            java.util.function.IntConsumer p;
            int n;
            synchronized (this) {
                JobEventSink.forEachLine(utf8, from, to, l -> check(worker, l));
                p = progress;
                n = next;
            }
            p.accept(n);
        }

        @Override
        public void log(String worker, String line) {
            synchronized (this) {
                check(worker, line);
            }
        }

        private void check(String worker, String text) {
            if (!pod.equals(worker)) {
                problem(pod + ": a line for worker " + worker);
            }
            if (text.equals(line(pod, next))) {
                next++;
                return;
            }
            problem(pod + ": expected line " + next + ", got " + diagnose(text) + ": '" + text + "'");
            // go on from what it claims to be, so that one foreign line does not hide the next problem
            if (text.startsWith(pod + " ") && text.length() > pod.length() + 7) {
                try {
                    next = Integer.parseInt(text.substring(pod.length() + 1, pod.length() + 7)) + 1;
                } catch (NumberFormatException e) {
                    // keep waiting for the line it should have been
                }
            }
        }

        private String diagnose(String text) {
            if (text.contains("HTTP/1.1") || text.contains("GET /") || text.contains("PATCH /") || text.contains("Host:")) {
                return "bytes of an HTTP request or response";
            }
            Matcher m = POD_NAME.matcher(text);
            while (m.find()) {
                if (!m.group().equals(pod)) {
                    return "bytes of " + m.group() + "'s log";
                }
            }
            return "another line";
        }

        @Override
        public void status(JobStatus status, String reason) {
            problem(pod + ": unexpected status " + status);
        }

        @Override
        public void info(String message) {
            problem(pod + ": unexpected message: " + message);
        }
    }

    /** Watches the namespace's pods on the client under test: the probe's changes must come one by one, intact. */
    private final class ProbeWatcher implements Watcher<Pod> {
        private int seen;

        synchronized int seen() {
            return seen;
        }

        @Override
        public synchronized void eventReceived(Action action, Pod p) {
            if (!"probe".equals(p.getMetadata().getName()) || action != Action.MODIFIED) {
                return;
            }
            String wrong = probeProblem(p);
            if (wrong != null) {
                problem("watch: " + wrong);
                return;
            }
            int n = Integer.parseInt(p.getMetadata().getAnnotations().get("stress/n"));
            if (n != seen + 1) {
                problem("watch: probe change " + n + " after change " + seen);
            }
            seen = n;
        }

        @Override
        public void onClose(WatcherException cause) {
            problem("watch closed: " + cause);
        }
    }
}

package io.modelarts.train.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.backend.kubernetes.BenchKubeAccess;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.backend.kubernetes.KubernetesBackendOptions;
import io.modelarts.train.backend.kubernetes.KubernetesClients;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 6 items 5 and 3 on the fabric8 mock API server (CRUD): submission latency (validate + plan + render + create,
 * until the backend reports the Job created) and the cost of watching N jobs with one KubernetesBackend vs a naive
 * thread-per-job poller. One round (the N submissions are the sample).
 */
final class KubeBench {

    private final Bench.Options o;

    /** Requests the mock server logs ("received request: GET /path"), by method and path shape, while COUNTING. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> REQUESTS = new java.util.concurrent.ConcurrentHashMap<>();
    static final AtomicBoolean COUNTING = new AtomicBoolean();
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setUseParentHandlers(false);
        MOCK_LOG.setLevel(java.util.logging.Level.INFO);
        MOCK_LOG.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                String m = r.getMessage();
                int i = m == null ? -1 : m.indexOf("received request: ");
                if (!COUNTING.get() || i < 0) {
                    return;
                }
                String[] parts = m.substring(i + 18).split(" ");
                if (parts.length < 2) {
                    return;
                }
                String path = parts[1].replaceAll("/(job|jobs)-[0-9a-z-]+", "/$1-NAME").replaceAll("job-\\d+-[0-9a-z]+", "NAME")
                        .replaceAll("%3Djob-[0-9a-z-]+", "%3DNAME");
                REQUESTS.computeIfAbsent(parts[0] + " " + path, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    KubeBench(Bench.Options o) {
        this.o = o;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The top of a class histogram of this JVM (jcmd GC.class_histogram), as evidence of what the watched jobs retain. */
    private static void histogram(String when) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).split("\n");
            p.waitFor();
            StringBuilder b = new StringBuilder("kube: class histogram " + when + " (top 15):\n");
            for (int i = 0; i < Math.min(lines.length, 18); i++) {
                b.append("    ").append(lines[i]).append('\n');
            }
            Bench.log(b.toString());
        } catch (Exception e) {
            Bench.log("kube: no class histogram (" + e + ")");
        }
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
    }

    /** What the thread-per-job baseline cost: threads added, heap retained per job, and where it stopped if it did. */
    private record Poller(int threads, double perJob, String note) {
    }

    /**
     * The naive baseline: one thread per Job, each polling its Job every 10 s (spread over the first 10 s), on a client
     * of its own that is closed after them. Counted after 3 s; then stopped.
     */
    private static Poller pollers(KubernetesClient client, String ns, List<String> names, AtomicBoolean stop) throws InterruptedException {
        int n = names.size();
        long heap0 = heapAfterGc();
        List<Thread> pollers = new ArrayList<>();
        KubernetesClient pollClient = KubernetesClients.create(Bench.client().factory(), client.getConfiguration());
        int t0 = threads();
        for (int i = 0; i < n; i++) {
            String name = names.get(i);
            long offset = (long) i * 10_000 / n;
            Thread th = new Thread(() -> {
                try {
                    Thread.sleep(offset);
                    while (!stop.get()) {
                        try {
                            if (pollClient.batch().v1().jobs().inNamespace(ns).withName(name).get() == null) {
                                return;
                            }
                        } catch (RuntimeException e) {
                            // keep polling
                        }
                        Thread.sleep(10_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopped
                }
            }, "naive-poller-" + i);
            th.setDaemon(true);
            try {
                th.start();
            } catch (OutOfMemoryError e) {
                // the machine's thread limit: the baseline stops here, and says so
                Bench.log("kube: baseline: thread " + (i + 1) + " could not start: " + e.getMessage());
                break;
            }
            pollers.add(th);
        }
        String note = pollers.size() == n ? "" : " (only " + pollers.size() + " of " + n + " poller threads could start)";
        Thread.sleep(3000);
        int added = threads() - t0;
        double perJob = (heapAfterGc() - heap0) / (double) n;
        stop.set(true);
        for (Thread th : pollers) {
            th.interrupt();
        }
        for (Thread th : pollers) {
            th.join(5000);
        }
        pollClient.close();
        return new Poller(added, perJob, note);
    }

    /** One bare fabric8 create of {@code job}; milliseconds. */
    private static double bareCreate(KubernetesClient client, String ns, Job job) {
        long t = System.nanoTime();
        client.batch().v1().jobs().inNamespace(ns).resource(job).create();
        return (System.nanoTime() - t) / 1e6;
    }

    /** Deletes every Job of {@code ns} and waits until the mock lists none. */
    private static void deleteAll(KubernetesClient client, String ns) throws InterruptedException {
        client.batch().v1().jobs().inNamespace(ns).delete();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!client.batch().v1().jobs().inNamespace(ns).list().getItems().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * Every 1,000 jobs of a long run, the median of the last 1,000 (the mock's create scans every object it stores,
     * so its cost grows with the store: this shows how).
     */
    private static void progress(String what, int i, int n, double[] ms) {
        if (n >= 2000 && (i + 1) % 1000 == 0) {
            Bench.log(String.format(Locale.ROOT, "kube: %s: %d of %d, median of the last 1,000 %.2f ms", what, i + 1, n,
                    pct(Arrays.copyOfRange(ms, i - 999, i + 1), 0.5)));
        }
    }

    /** Median, p99 and range of per-job milliseconds. */
    private static String perJob(double[] ms) {
        return String.format(Locale.ROOT, "median %.2f ms (p99 %.2f, %s)", pct(ms, 0.5), pct(ms, 0.99), Bench.range(ms, "%.2f"));
    }

    /**
     * Times the phases of each submission: an HTTP interceptor on the engine's client stamps when the create's POST
     * leaves and when its response arrives (submissions run one at a time, so {@link #current} says whose it is).
     */
    static final class SubmitPhases implements Interceptor {
        volatile int current = -1;
        private final long[] postSent;
        private final long[] postAnswered;
        private double[][] ms;

        SubmitPhases(int n) {
            postSent = new long[n];
            postAnswered = new long[n];
            ms = new double[4][n];
        }

        private static boolean isCreate(HttpRequest request) {
            return "POST".equals(request.method()) && request.uri().getPath().endsWith("/jobs");
        }

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            int i = current;
            if (i >= 0 && isCreate(request)) {
                postSent[i] = System.nanoTime();
            }
        }

        @Override
        public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            int i = current;
            if (i >= 0 && isCreate(request)) {
                postAnswered[i] = System.nanoTime();
            }
        }

        /** Keeps the first {@code n} submissions' phases (a run that stopped early). */
        void trim(int n) {
            for (int k = 0; k < ms.length; k++) {
                ms[k] = Arrays.copyOf(ms[k], n);
            }
        }

        void done(int i, long planned, long submitted, long created) {
            ms[0][i] = (submitted - planned) / 1e6;
            ms[1][i] = (postSent[i] - planned) / 1e6; // submit() hands on before it returns: the POST may leave first
            ms[2][i] = (postAnswered[i] - postSent[i]) / 1e6;
            ms[3][i] = (created - postAnswered[i]) / 1e6;
        }

        String summary(double[] planMs) {
            return String.format(Locale.ROOT, "load + validate + plan %.2f; from the call of submit() until the POST leaves (render and spec hash, cache "
                            + "look-ups, output-path check, the create's JSON: on the caller's thread once the namespace's caches are synced) "
                            + "%.2f; the POST until its response headers %.2f; from there until the sink hears \"Created\" (body, read "
                            + "and announced on the HTTP client's thread) %.2f", pct(planMs, 0.5), pct(ms[1], 0.5), pct(ms[2], 0.5), pct(ms[3], 0.5));
        }
    }

    /** Completes when the backend says it created the Job. */
    static final class CreatedSink implements JobEventSink {
        final CompletableFuture<String> created = new CompletableFuture<>();

        @Override
        public void status(JobStatus status, String reason) {
            if (status == JobStatus.ABNORMAL || status == JobStatus.FAILED) {
                created.completeExceptionally(new IllegalStateException(status + ": " + reason));
            }
        }

        @Override
        public void log(String worker, String line) {
        }

        @Override
        public void info(String message) {
            if (message.startsWith("Created Kubernetes Job")) {
                created.complete(message);
            }
        }
    }

    void run(boolean submit, boolean jobs) throws Exception {
        run(submit, jobs, o.jobs);
    }

    /** The submission figures, the watching figures (threads, heap), or both, over {@code requested} jobs. */
    void run(boolean submit, boolean jobs, int requested) throws Exception {
        int n = requested;
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        // both sides' clients are built as the engine builds them (KubernetesClients, the HTTP client of this run)
        KubernetesClient client = KubernetesClients.create(Bench.client().factory(), server.createClient(Bench.client().factory()).getConfiguration());
        AtomicBoolean stop = new AtomicBoolean();
        try {
            // ---- baseline: the same rendered Jobs created straight with fabric8, then one polling thread per job
            String bns = "bench-base";
            PoolCatalog bcat = BenchKubeAccess.catalogIn(bns);
            long heapBeforeRendering = heapAfterGc();
            KubernetesBackend renderOnly = new KubernetesBackend(client, bcat, KubernetesBackendOptions.DEFAULTS);
            List<Job> rendered = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rendered.add(BenchKubeAccess.render(renderOnly, BenchKubeAccess.plan("base_" + i, bcat)));
            }
            // what each submission's output-path check costs once the namespace holds n active Jobs (see submit's notes)
            double[] outputCheck = BenchKubeAccess.outputCheckMillis(BenchKubeAccess.plan("check", bcat), rendered, 21);
            renderOnly.close();
            long heapA0 = heapAfterGc();
            long heldRendered = heapA0 - heapBeforeRendering;
            double[] rawCreate = new double[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                client.batch().v1().jobs().inNamespace(bns).resource(rendered.get(i)).create();
                rawCreate[i] = (System.nanoTime() - t) / 1e6;
                progress("baseline creates", i, n, rawCreate);
            }
            long heapA1 = heapAfterGc(); // the rendered Jobs are still held, as at heapA0: the delta is the mock's storage
            long storagePerJob = (heapA1 - heapA0) / n;
            // the rendered Jobs stay held (the same bytes at every heap reading): the bare creates that alternate with ours send them again
            Bench.log(String.format(Locale.ROOT, "kube: baseline: %d Jobs created straight with fabric8, median %.2f ms, p99 %.2f ms; "
                    + "mock server storage %d B/job", n, pct(rawCreate, 0.5), pct(rawCreate, 0.99), storagePerJob));
            // the mock's create scans every object it stores: the store is emptied, then ours and the bare creates alternate,
            // so that both sides' i-th creates meet the same store (2i Jobs) and the same moment of the machine's load
            deleteAll(client, bns);
            // The mock answers a create only after it has turned the new Job into an event for every watch of its
            // namespace (a real API server answers first and feeds watches from its cache): ours is watched by our
            // informers, so the bare side's namespace gets a watch with the same selector too, on a client of its own,
            // and both sides' creates pay that fan-out.
            KubernetesClient bareWatchClient = KubernetesClients.create(Bench.client().factory(), client.getConfiguration());
            io.fabric8.kubernetes.client.Watch bareWatch = bareWatchClient.batch().v1().jobs().inNamespace(bns)
                    .withLabel("app.kubernetes.io/managed-by", "modelarts-train").watch(new io.fabric8.kubernetes.client.Watcher<Job>() {
                        @Override
                        public void eventReceived(Action action, Job resource) {
                            // nothing: only the mock's side of the watch matters here
                        }

                        @Override
                        public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                            // closed at the end of the comparison
                        }
                    });

            // ---- ours: one KubernetesBackend, N submissions, all watched
            String ns = "bench-ours";
            PoolCatalog cat = BenchKubeAccess.catalogIn(ns);
            long heapB0 = heapAfterGc();
            int tB0 = threads();
            // a client built as the engine builds them (the HTTP client of this run, shared callbacks): its threads count as ours
            SubmitPhases phases = new SubmitPhases(n);
            KubernetesBackendOptions options = o.reconcileSeconds == null ? KubernetesBackendOptions.DEFAULTS
                    : KubernetesBackendOptions.DEFAULTS.withReconcileInterval(java.time.Duration.ofSeconds(o.reconcileSeconds));
            KubernetesBackend backend = new KubernetesBackend(KubernetesClients.create(Bench.client().factory(), client.getConfiguration(),
                    b -> b.addOrReplaceInterceptor("bench-phases", phases)), cat, options);
            REQUESTS.clear();
            COUNTING.set(true);
            List<RunningJob> running = new ArrayList<>();
            List<String> names = new ArrayList<>();
            String stalled = null;
            double[] lat = new double[n];
            double[] planMs = new double[n];
            double[] bareCreate = new double[n];
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    bareCreate[i] = bareCreate(client, bns, rendered.get(i));
                }
                CreatedSink sink = new CreatedSink();
                phases.current = i;
                long t = System.nanoTime();
                JobPlan plan = BenchKubeAccess.plan("job_" + i, cat);
                long planned = System.nanoTime();
                planMs[i] = (planned - t) / 1e6;
                running.add(backend.submit(plan, sink));
                long submitted = System.nanoTime();
                String message;
                try {
                    message = sink.created.get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // where the scale stops, and why: what the backend's I/O threads had queued at that moment
                    stalled = String.format(Locale.ROOT, "submission %d was not created within 60 s (%s; every %d s the "
                                    + "backend lists the namespace's Jobs and pods there, and the mock's list scans every object it stores)",
                            i + 1, BenchKubeAccess.ioQueue(backend), options.reconcileInterval().toSeconds());
                    Bench.log("kube: " + stalled);
                    n = i;
                    break;
                }
                long created = System.nanoTime();
                names.add(message.substring(message.lastIndexOf('/') + 1));
                lat[i] = (created - t) / 1e6;
                phases.done(i, planned, submitted, created);
                if (i % 2 == 1) {
                    bareCreate[i] = bareCreate(client, bns, rendered.get(i));
                }
                progress("our submissions", i, n, lat);
            }
            COUNTING.set(false);
            if (n < requested) {
                lat = Arrays.copyOf(lat, n);
                planMs = Arrays.copyOf(planMs, n);
                bareCreate = Arrays.copyOf(bareCreate, n);
                phases.trim(n);
                Bench.NOTES.add("jobs: stopped at " + n + " of " + requested + " jobs: " + stalled + ".");
            }
            bareWatch.close();
            bareWatchClient.close();
            deleteAll(client, bns); // the heap readings of ours count the mock's storage of our Jobs only
            rendered.clear();
            heapB0 -= heldRendered;
            List<JobPlan> again = new ArrayList<>();
            for (int i = 0; i < Math.min(n, 300); i++) {
                again.add(BenchKubeAccess.plan("job_" + i, cat));
            }
            double[] rendering = BenchKubeAccess.renderBreakdown(backend, again);
            again.clear();
            Thread.sleep(3000);
            int tB1 = threads();
            long heapB1 = heapAfterGc();
            if (jobs) {
                histogram("with " + n + " jobs watched by one KubernetesBackend");
            }
            double oursPerJob = (heapB1 - heapB0 - storagePerJob * (long) n) / (double) n;
            int oursThreads = tB1 - tB0;
            Bench.log(String.format(Locale.ROOT, "kube: ours: %d submissions, median %.2f ms, p99 %.2f ms (load+validate+plan median %.2f ms); "
                    + "%d threads added, %.0f B retained per job (mock storage %d B/job subtracted)",
                    n, pct(lat, 0.5), pct(lat, 0.99), pct(planMs, 0.5), oursThreads, oursPerJob, storagePerJob));
            StringBuilder reqs = new StringBuilder();
            int submitted = n;
            REQUESTS.entrySet().stream().filter(e -> e.getKey().contains("/namespaces/" + ns + "/")).sorted((a, b) -> Integer.compare(b.getValue().get(), a.getValue().get()))
                    .forEach(e -> reqs.append(String.format(Locale.ROOT, "%s %.2f/job; ", e.getKey(), e.getValue().get() / (double) submitted)));
            Bench.log("kube: API requests during the submissions: " + reqs);
            if (submit) {
                double med = pct(lat, 0.5);
                double bare = pct(bareCreate, 0.5);
                Bench.NOTES.add(String.format(Locale.ROOT, "submit: API requests the mock server received during our %d submissions "
                        + "(per submission): %s Where a submission's time goes (medians, ms): %s. Rendering, warm, re-timed after the submissions on %d of their plans "
                        + "(medians, ms): render() as submit() calls it %.2f, of which the spec hash (its objects' JSON, digested) "
                        + "%.2f; the digest earlier versions stamped (a second rendering and its YAML, now computed only when a stored hash "
                        + "differs) %.2f; the Job's JSON (what a create sends) %.2f. One output-path check against the %d active Jobs of a "
                        + "namespace: through the index the synced informer cache keeps %.3f ms, scanning them all (while it is not synced) %.2f ms. Both sides' clients are built by KubernetesClients. The mock's create scans every object it "
                        + "stores, so the store was emptied first and then each bare create alternated with one of our submissions (the "
                        + "order swapping each time): both sides' i-th creates met a store of about 2i Jobs. The mock turns each create into an event for every "
                        + "watch of the namespace before it answers (a real API server answers first): ours is watched by our informers, "
                        + "so the bare side's namespace had a Job watch with the same label selector, on a client of its own. The same bare creates run "
                        + "alone (no watch), one after the other, into a store of i Jobs: median %.2f ms, p99 %.2f.",
                        n, reqs, phases.summary(planMs), Math.min(n, 300), rendering[0], rendering[1], rendering[2], rendering[3], n, outputCheck[0], outputCheck[1],
                        pct(rawCreate, 0.5), pct(rawCreate, 0.99)));
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT,
                                "submission (load + validate + plan + render + create, until the backend reports it), %d jobs: ours vs "
                                        + "a bare fabric8 create of the same rendered Job (the same client builder)", n),
                        perJob(lat), perJob(bareCreate) + "; bare fabric8 create, alternating with ours",
                        String.format(Locale.ROOT, "%.2fx", med / bare), "<= 1.3x", med <= 1.3 * bare, null));
            }
            for (RunningJob j : running) {
                j.detach();
            }
            backend.close();
            running.clear();
            if (jobs) {
                // the poller baseline runs last, on our Jobs (still in the mock, no longer watched by ours): its
                // connections, one per concurrent poll, may leave this JVM near its open-file limit
                Poller poller = pollers(client, ns, names, stop);
                String scale = (n < requested ? ", stopped at " + n + " of " + requested : "")
                        + (o.reconcileSeconds == null ? "" : ", reconcile every " + o.reconcileSeconds + " s");
                Bench.log(String.format(Locale.ROOT, "kube: baseline: %d poller threads added, %.0f B retained per job%s",
                        poller.threads(), poller.perJob(), poller.note()));
                int baseThreads = poller.threads();
                double basePerJob = poller.perJob();
                String pollerNote = poller.note();
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "threads added to watch %d jobs%s: ours vs a thread-per-job poller", n, scale),
                        Integer.toString(oursThreads), baseThreads + " (one thread per job polling its Job every 10 s)" + pollerNote,
                        String.format(Locale.ROOT, "%.3f", oursThreads / (double) Math.max(1, baseThreads)), "ours <= 16", oursThreads <= 16, null));
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "retained heap per watched job (%d jobs%s): ours vs a thread-per-job poller", n, scale),
                        String.format(Locale.ROOT, "%.1f KB", oursPerJob / 1000),
                        String.format(Locale.ROOT, "%.1f KB (one thread per job polling its Job)", basePerJob / 1000) + pollerNote,
                        String.format(Locale.ROOT, "%.2f", oursPerJob / basePerJob), "ours <= 32 KB", oursPerJob <= 32_000, null));
                Bench.NOTES.add("jobs: the mock API server runs in the same JVM; its storage of the Jobs (" + storagePerJob
                        + " B/job, measured on the baseline's creates) is subtracted from ours; the bare creates that alternated with"
                        + " ours were deleted before ours' heap was read. No pods are created (the mock has no Job"
                        + " controller), so the jobs are watched while Pending: no log streams are open. Threads counted with ThreadMXBean,"
                        + " heap with MemoryMXBean after 3 x System.gc(); one measurement each (the jobs are the sample). Max heap "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB. The backend re-read every watched job every "
                        + options.reconcileInterval().toSeconds() + " s" + (o.reconcileSeconds == null ? " (the default)."
                        : " (--reconcile-seconds; the default is 60 s)."));
            }
        } finally {
            stop.set(true);
            client.close();
            try {
                server.destroy();
            } catch (RuntimeException e) {
                // never hides what went wrong before: the mock may not close in time with thousands of connections
                Bench.log("kube: closing the mock API server: " + e);
            }
        }
    }
}

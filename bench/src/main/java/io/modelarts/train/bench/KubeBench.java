package io.modelarts.train.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        int n = o.jobs;
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        KubernetesClient client = server.createClient(Bench.client().factory());
        List<Thread> pollers = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            // ---- baseline: the same rendered Jobs created straight with fabric8, then one polling thread per job
            String bns = "bench-base";
            PoolCatalog bcat = BenchKubeAccess.catalogIn(bns);
            KubernetesBackend renderOnly = new KubernetesBackend(client, bcat, KubernetesBackendOptions.DEFAULTS);
            List<Job> rendered = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rendered.add(BenchKubeAccess.render(renderOnly, BenchKubeAccess.plan("base_" + i, bcat)));
            }
            renderOnly.close();
            long heapA0 = heapAfterGc();
            double[] rawCreate = new double[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                client.batch().v1().jobs().inNamespace(bns).resource(rendered.get(i)).create();
                rawCreate[i] = (System.nanoTime() - t) / 1e6;
            }
            long heapA1 = heapAfterGc(); // the rendered Jobs are still held, as at heapA0: the delta is the mock's storage
            long storagePerJob = (heapA1 - heapA0) / n;
            List<String> names = rendered.stream().map(j -> j.getMetadata().getName()).toList();
            rendered.clear();
            heapA1 = heapAfterGc();
            Bench.log(String.format(Locale.ROOT, "kube: baseline: %d Jobs created straight with fabric8, median %.2f ms, p99 %.2f ms; "
                    + "mock server storage %d B/job", n, pct(rawCreate, 0.5), pct(rawCreate, 0.99), storagePerJob));
            double basePerJob = Double.NaN;
            int baseThreads = 0;
            if (jobs) {
                int t0 = threads();
                for (int i = 0; i < n; i++) {
                    String name = names.get(i);
                    long offset = (long) i * 10_000 / n;
                    Thread th = new Thread(() -> {
                        try {
                            Thread.sleep(offset);
                            while (!stop.get()) {
                                try {
                                    // a naive watcher: one thread per job, polling its Job every 10 s
                                    Job j = client.batch().v1().jobs().inNamespace(bns).withName(name).get();
                                    if (j == null) {
                                        return;
                                    }
                                } catch (RuntimeException e) {
                                    // keep polling
                                }
                                Thread.sleep(10_000);
                            }
                        } catch (InterruptedException e) {
                            // stopped
                        }
                    }, "naive-poller-" + i);
                    th.setDaemon(true);
                    th.start();
                    pollers.add(th);
                }
                Thread.sleep(3000);
                baseThreads = threads() - t0;
                long heapA2 = heapAfterGc();
                basePerJob = (heapA2 - heapA1) / (double) n;
                stop.set(true);
                for (Thread th : pollers) {
                    th.interrupt();
                }
                for (Thread th : pollers) {
                    th.join(5000);
                }
                pollers.clear();
                Bench.log(String.format(Locale.ROOT, "kube: baseline: %d poller threads added, %.0f B retained per job", baseThreads, basePerJob));
            }

            // the mock's create scans every object it stores, so each side creates its i-th Job into a store of i Jobs
            client.batch().v1().jobs().inNamespace(bns).delete();
            long left = client.batch().v1().jobs().inNamespace(bns).list().getItems().size();
            Bench.log("kube: deleted the baseline's Jobs before ours (" + left + " left)");

            // ---- ours: one KubernetesBackend, N submissions, all watched
            String ns = "bench-ours";
            PoolCatalog cat = BenchKubeAccess.catalogIn(ns);
            long heapB0 = heapAfterGc();
            int tB0 = threads();
            // a client built as the engine builds them (the HTTP client of this run, shared callbacks): its threads count as ours
            KubernetesBackend backend = new KubernetesBackend(io.modelarts.train.backend.kubernetes.KubernetesClients.create(
                    Bench.client().factory(), client.getConfiguration()), cat, KubernetesBackendOptions.DEFAULTS);
            REQUESTS.clear();
            COUNTING.set(true);
            List<RunningJob> running = new ArrayList<>();
            double[] lat = new double[n];
            double[] planMs = new double[n];
            for (int i = 0; i < n; i++) {
                CreatedSink sink = new CreatedSink();
                long t = System.nanoTime();
                JobPlan plan = BenchKubeAccess.plan("job_" + i, cat);
                planMs[i] = (System.nanoTime() - t) / 1e6;
                running.add(backend.submit(plan, sink));
                sink.created.get(60, TimeUnit.SECONDS);
                lat[i] = (System.nanoTime() - t) / 1e6;
            }
            COUNTING.set(false);
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
            REQUESTS.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue().get(), a.getValue().get()))
                    .forEach(e -> reqs.append(String.format(Locale.ROOT, "%s %.2f/job; ", e.getKey(), e.getValue().get() / (double) n)));
            Bench.log("kube: API requests during the submissions: " + reqs);
            if (submit) {
                Bench.NOTES.add(String.format(Locale.ROOT, "submit: API requests the mock server received during our %d submissions "
                        + "(per submission): %s load + validate + plan took a median %.2f ms of the total; the rest is rendering, the backend's "
                        + "thread hops and these round trips (a bare fabric8 create takes a median %.2f ms here). The mock's create scans every "
                        + "object it stores, so the baseline's Jobs were deleted before ours ran: each side created its i-th Job into a store of i Jobs.",
                        n, reqs, pct(planMs, 0.5), pct(rawCreate, 0.5)));
                double med = pct(lat, 0.5);
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "submission (validate + plan + render + create), %d jobs, median", n),
                        String.format(Locale.ROOT, "%.2f ms (p99 %.2f)", med, pct(lat, 0.99)),
                        String.format(Locale.ROOT, "%.2f ms (p99 %.2f, fabric8 create of the rendered Job only)", pct(rawCreate, 0.5), pct(rawCreate, 0.99)),
                        String.format(Locale.ROOT, "%.2fx", med / pct(rawCreate, 0.5)), "<= 20 ms", med <= 20, null));
            }
            if (jobs) {
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "threads added to watch %d jobs", n),
                        Integer.toString(oursThreads), baseThreads + " (thread-per-job poller)",
                        String.format(Locale.ROOT, "%.3f", oursThreads / (double) Math.max(1, baseThreads)), "<= 16", oursThreads <= 16, null));
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "retained heap per watched job (%d jobs)", n),
                        String.format(Locale.ROOT, "%.1f KB", oursPerJob / 1000), String.format(Locale.ROOT, "%.1f KB (poller)", basePerJob / 1000),
                        String.format(Locale.ROOT, "%.2f", oursPerJob / basePerJob), "<= 64 KB", oursPerJob <= 64_000, null));
                Bench.NOTES.add("jobs: the mock API server runs in the same JVM; its storage of the Jobs (" + storagePerJob
                        + " B/job, measured on the baseline's creates) is subtracted from ours. No pods are created (the mock has no Job"
                        + " controller), so the jobs are watched while Pending: no log streams are open. Threads counted with ThreadMXBean,"
                        + " heap with MemoryMXBean after 3 x System.gc().");
            }
            for (RunningJob j : running) {
                j.detach();
            }
            backend.close();
        } finally {
            stop.set(true);
            client.close();
            server.destroy();
        }
    }
}

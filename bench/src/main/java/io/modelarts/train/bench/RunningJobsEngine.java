package io.modelarts.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.backend.kubernetes.BenchKubeAccess;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.backend.kubernetes.KubernetesBackendOptions;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.TestHttpClient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's side of {@link RunningJobsBench}, in a JVM of its own: one KubernetesBackend following N running jobs of
 * a test cluster that lives in the parent process. Two processes because each followed log is an HTTP/1.1 connection
 * with a socket at both ends: in one process, 10,000 streams need more than the 20,000 open files this machine allows a
 * process (and the cluster's thread per pod and per stream would share the engine's JVM). This process holds the
 * engine only, so every thread in it is the engine's or the JVM's own.
 *
 * <p>Arguments: the mock API server's URL, the log server's port, the namespace, the number of jobs. It prints progress
 * lines ({@code log ...}) and one {@code result {json}} line, then detaches the jobs and exits.
 */
public final class RunningJobsEngine {

    /** The JVM's own threads, by name prefix: not the engine's. */
    private static final List<String> JVM_OWN = List.of("C1 CompilerThread", "C2 CompilerThread", "Attach Listener",
            "Signal Dispatcher", "Common-Cleaner", "Notification Thread", "Service Thread", "Sweeper thread", "Reference Handler",
            "Finalizer", "process reaper");

    private RunningJobsEngine() {
    }

    public static void main(String[] args) throws Exception {
        String masterUrl = args[0];
        int logPort = Integer.parseInt(args[1]);
        String ns = args[2];
        int n = Integer.parseInt(args[3]);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withTrustCerts(true).withNamespace("test")
                .withHttp2Disable(true).build();
        PoolCatalog cat = BenchKubeAccess.catalogIn(ns);
        // warm the classes a submission uses before the "before" count: class loading starts no threads, but the
        // common pools and the JIT might, and they are the JVM's, not the engine's
        BenchKubeAccess.plan("warm_up", cat);
        Map<String, Integer> before = threadsByName();
        int totalBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        KubernetesClient client = KubeTestCluster.routedClient(config, logPort, TestHttpClient.underTest().factory());
        KubernetesBackend backend = new KubernetesBackend(client, cat, KubernetesBackendOptions.DEFAULTS);
        LongAdder lines = new LongAdder();
        AtomicLong streaming = new AtomicLong();
        AtomicLong abnormal = new AtomicLong();
        List<RunningJob> running = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            running.add(backend.submit(BenchKubeAccess.plan("run_" + i, cat), new CountingSink(lines, streaming, abnormal)));
            if ((i + 1) % 1000 == 0) {
                progress(String.format(Locale.ROOT, "submitted %d, %d streaming", i + 1, streaming.get()));
            }
        }
        // at most 15 minutes, and, once jobs stream, no longer than 2 minutes without one more (the stand-in cluster stuck)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        long lastReport = 0;
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (streaming.get() + abnormal.get() < n && System.nanoTime() < deadline
                && (lastCount <= 0 || System.nanoTime() - lastChange < TimeUnit.MINUTES.toNanos(2))) {
            Thread.sleep(500);
            long count = streaming.get() + abnormal.get();
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.nanoTime();
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                lastReport = System.nanoTime();
                progress(String.format(Locale.ROOT, "%d of %d streaming after %.0f s", streaming.get(), n, (lastReport - t0) / 1e9));
            }
        }
        double rampSeconds = (System.nanoTime() - t0) / 1e9;
        progress(String.format(Locale.ROOT, "%d of %d jobs streaming their logs after %.1f s", streaming.get(), n, rampSeconds));
        // a steady period: every job writes a line a second
        long l0 = lines.sum();
        Thread.sleep(10_000);
        double perSecond = (lines.sum() - l0) / 10.0;
        Map<String, Integer> after = threadsByName();
        // the engine's threads, by what they are: its named ones (this backend's, the shared client callbacks) and those
        // its HTTP client started
        int named = after.entrySet().stream().filter(e -> e.getKey().startsWith("modelarts-")).mapToInt(Map.Entry::getValue).sum();
        Map<String, Integer> diff = new TreeMap<>();
        after.forEach((k, v) -> {
            int d = v - before.getOrDefault(k, 0);
            if (d != 0) {
                diff.put(k, d);
            }
        });
        int http = diff.entrySet().stream().filter(e -> isClientThread(e.getKey()) && e.getValue() > 0).mapToInt(Map.Entry::getValue).sum();
        // everything else this JVM gained is the engine's too (fabric8's schedulers, the common pool), except the JVM's
        // own service threads, which it starts on demand (more compiler threads as code gets hot)
        int other = diff.entrySet().stream().filter(e -> e.getValue() > 0 && !e.getKey().startsWith("modelarts-")
                && !isClientThread(e.getKey()) && JVM_OWN.stream().noneMatch(e.getKey()::startsWith)).mapToInt(Map.Entry::getValue).sum();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("streaming", streaming.get());
        result.put("abnormal", abnormal.get());
        result.put("rampSeconds", rampSeconds);
        result.put("linesPerSecond", perSecond);
        result.put("named", named);
        result.put("http", http);
        result.put("other", other);
        result.put("added", diff);
        result.put("origins", origins(diff.keySet()));
        result.put("threadsBefore", totalBefore);
        result.put("threadsAfter", ManagementFactory.getThreadMXBean().getThreadCount());
        result.put("limits", RunningJobsBench.limits());
        System.out.println("result " + new ObjectMapper().writeValueAsString(result));
        System.out.flush();
        for (RunningJob j : running) {
            j.detach();
        }
        backend.close();
        client.close();
        System.exit(0);
    }

    private static void progress(String message) {
        System.out.println("log running: " + message);
        System.out.flush();
    }

    /** Counts lines, and the job once it delivered its first. */
    private static final class CountingSink implements JobEventSink {
        private final LongAdder lines;
        private final AtomicLong streaming;
        private final AtomicLong abnormal;
        private final java.util.concurrent.atomic.AtomicBoolean seen = new java.util.concurrent.atomic.AtomicBoolean();

        CountingSink(LongAdder lines, AtomicLong streaming, AtomicLong abnormal) {
            this.lines = lines;
            this.streaming = streaming;
            this.abnormal = abnormal;
        }

        @Override
        public void status(JobStatus status, String reason) {
            if ((status == JobStatus.ABNORMAL || status == JobStatus.FAILED) && abnormal.incrementAndGet() == 1) {
                progress("the first job that failed: " + status + ": " + reason);
            }
        }

        @Override
        public void log(String worker, String line) {
            lines.increment();
            if (!seen.get() && seen.compareAndSet(false, true)) {
                streaming.incrementAndGet();
            }
        }

        @Override
        public void info(String message) {
        }
    }

    static boolean isClientThread(String name) {
        return TestHttpClient.underTest() == TestHttpClient.OKHTTP ? name.startsWith("OkHttp") || name.startsWith("Okio")
                : name.startsWith("HttpClient-");
    }

    static Map<String, Integer> threadsByName() {
        Map<String, Integer> m = new TreeMap<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            m.merge(t.getThreadName().replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        return m;
    }

    /** Where the threads of each name group come from: the first frames outside the JDK, of one of them. */
    private static Map<String, String> origins(java.util.Set<String> names) {
        Map<String, String> m = new TreeMap<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            String key = t.getThreadName().replaceAll("\\d+", "N");
            if (!names.contains(key)) {
                continue;
            }
            StackTraceElement[] st = t.getStackTrace();
            StringBuilder where = new StringBuilder();
            for (int i = st.length - 1, k = 0; i >= 0 && k < 2; i--) {
                String c = st[i].getClassName();
                if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                    where.append(k++ == 0 ? "" : " > ").append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(st[i].getMethodName());
                }
            }
            m.putIfAbsent(key, where.toString());
        }
        return m;
    }
}

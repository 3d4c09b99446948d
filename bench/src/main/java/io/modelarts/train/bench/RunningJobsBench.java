package io.modelarts.train.bench;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 6 item 3 with the jobs really running: N jobs whose pods run and write a log line every second, all
 * followed by one KubernetesBackend, so N log streams are open at once. The test kubelet of the engine's tests plays
 * the Job controller and the kubelet (a thread per pod, and a log server with a thread per stream, in this JVM);
 * those threads are not the engine's and are not counted.
 */
final class RunningJobsBench {

    /** Threads of the in-process cluster stand-ins, by name prefix. */
    private static final List<String> NOT_OURS = List.of("test-kubelet-worker", "test-log-server");

    /** Name prefixes of the threads each HTTP client starts (OkHttp renames a call's thread after the URL it serves). */
    private static final Map<TestHttpClient, String> CLIENT_THREADS = Map.of(
            TestHttpClient.OKHTTP, "OkHttp*, Okio Watchdog", TestHttpClient.JDK, "HttpClient-N-*; its task pool is named modelarts-kube-http-N");

    private static boolean isClientThread(String name) {
        return Bench.client() == TestHttpClient.OKHTTP ? name.startsWith("OkHttp") || name.startsWith("Okio")
                : name.startsWith("HttpClient-");
    }

    private final Bench.Options o;

    RunningJobsBench(Bench.Options o) {
        this.o = o;
    }

    private static Map<String, Integer> threadsByName() {
        Map<String, Integer> m = new TreeMap<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            m.merge(t.getThreadName().replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        return m;
    }

    /** Where the threads of each name group come from: the first frames outside the JDK, of one of them. */
    private static Map<String, String> origins() {
        Map<String, String> m = new TreeMap<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            StackTraceElement[] st = t.getStackTrace();
            StringBuilder where = new StringBuilder();
            for (int i = st.length - 1, k = 0; i >= 0 && k < 2; i--) {
                String c = st[i].getClassName();
                if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                    where.append(k++ == 0 ? "" : " > ").append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(st[i].getMethodName());
                }
            }
            m.putIfAbsent(t.getThreadName().replaceAll("\\d+", "N"), where.toString());
        }
        return m;
    }

    private static int ours(Map<String, Integer> threads) {
        return threads.entrySet().stream().filter(e -> NOT_OURS.stream().noneMatch(p -> e.getKey().startsWith(p)))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** The JVM's threads and heap and the kernel's thread limits, to say where a run stopped. */
    static String limits() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "the JVM had %d threads (%d of them the in-process cluster's), %s open files (limit %s) and "
                        + "%d of %d MiB heap in use; the kernel allows %s threads and %s process ids in all, for every process of the machine",
                ManagementFactory.getThreadMXBean().getThreadCount(),
                threadsByName().entrySet().stream().filter(e -> NOT_OURS.stream().anyMatch(p -> e.getKey().startsWith(p)))
                        .mapToInt(Map.Entry::getValue).sum(), openFiles(), openFileLimit(),
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20, kernel("threads-max"), kernel("pid_max"));
    }

    private static String openFiles() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? "?" : Integer.toString(fds.length);
    }

    private static String openFileLimit() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).map(l -> l.replaceAll("Max open files\\s+(\\S+).*", "$1"))
                    .findFirst().orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String kernel(String name) {
        try {
            // line by line: readString trusts the size procfs reports and returned "1" for "192726"
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/kernel", name)).get(0).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    void run() throws Exception {
        int n = o.runningJobs != null ? o.runningJobs : o.jobs;
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder lines = new LongAdder();
        KubeTestCluster cluster = KubeTestCluster.start();
        try {
            String ns = "bench-running";
            cluster.kubelet().behaviour(ns, pod -> {
                pod.start();
                for (int i = 0; !stop.get(); i++) {
                    pod.log("step " + i + " loss=0." + (1000 + i));
                    pod.pause(1000);
                }
                pod.exit(0);
            });
            PoolCatalog cat = BenchKubeAccess.catalogIn(ns);
            Map<String, Integer> before = threadsByName();
            KubernetesBackend backend = new KubernetesBackend(cluster.newClient(), cat, KubernetesBackendOptions.DEFAULTS);
            List<RunningJob> running = new ArrayList<>();
            AtomicLong streaming = new AtomicLong();
            long t0 = System.nanoTime();
            AtomicLong abnormal = new AtomicLong();
            for (int i = 0; i < n; i++) {
                boolean[] seen = {false};
                running.add(backend.submit(BenchKubeAccess.plan("run_" + i, cat), new JobEventSink() {
                    @Override
                    public void status(JobStatus status, String reason) {
                        if (status == JobStatus.ABNORMAL || status == JobStatus.FAILED) {
                            if (abnormal.incrementAndGet() == 1) {
                                Bench.log("running: the first job that failed: " + status + ": " + reason);
                            }
                        }
                    }

                    @Override
                    public void log(String worker, String line) {
                        lines.increment();
                        synchronized (seen) {
                            if (!seen[0]) {
                                seen[0] = true;
                                streaming.incrementAndGet();
                            }
                        }
                    }

                    @Override
                    public void info(String message) {
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (streaming.get() + abnormal.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            double rampSeconds = (System.nanoTime() - t0) / 1e9;
            Bench.log(String.format(Locale.ROOT, "running: %d of %d jobs streaming their logs after %.1f s", streaming.get(), n, rampSeconds));
            if (streaming.get() < n) {
                // where it stopped, and what the machine had left at that point
                Bench.NOTES.add(String.format(Locale.ROOT, "running: only %d of %d jobs were streaming after %.0f s (%d had failed): %s",
                        streaming.get(), n, rampSeconds, abnormal.get(), limits()));
            }
            // a steady period: every job writes a line a second
            long l0 = lines.sum();
            Thread.sleep(10_000);
            double perSecond = (lines.sum() - l0) / 10.0;
            Map<String, Integer> after = threadsByName();
            String limitsNow = limits();
            // all the engine's threads, counted by what they are rather than as a difference (earlier phases of this
            // JVM start and end threads too): its named threads (this backend's, the shared client callbacks), plus the
            // threads that its HTTP client started since the backend was made (the test kubelet's client is the other
            // kind, so their names tell them apart)
            int named = after.entrySet().stream().filter(e -> e.getKey().startsWith("modelarts-")).mapToInt(Map.Entry::getValue).sum();
            Map<String, Integer> diff = new TreeMap<>();
            after.forEach((k, v) -> {
                int d = v - before.getOrDefault(k, 0);
                if (d != 0) {
                    diff.put(k, d);
                }
            });
            int http = diff.entrySet().stream().filter(e -> isClientThread(e.getKey()) && e.getValue() > 0).mapToInt(Map.Entry::getValue).sum();
            int added = named + http;
            int addedAll = ours(after) - ours(before);
            Bench.log("running: threads added, by name: " + diff);
            Map<String, String> origin = origins();
            diff.keySet().forEach(k -> Bench.log("running:   " + k + " <- " + origin.get(k)));
            stop.set(true);
            Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "engine threads while following %d running jobs (%d open log streams)", n, streaming.get()),
                    Integer.toString(added), "none: an absolute target (the cluster stand-ins' threads not counted)", "-", "<= 16, all streaming",
                    added <= 16 && streaming.get() == n, null));
            Bench.NOTES.add(String.format(Locale.ROOT, "running: %d jobs submitted to the test kubelet (pods that write a line a second); %d were "
                            + "streaming after %.1f s; in the next 10 s the engine delivered %.0f lines/s (%d expected). The engine's threads: "
                            + "%d named modelarts-* (this backend's control thread and I/O pool, the shared client callbacks), %d of its HTTP "
                            + "client (%s). All threads the JVM gained, by name: %s; besides the engine's, they "
                            + "belong to the in-process cluster (the kubelet's pod threads, the log server's stream threads, the mock API "
                            + "server's and the kubelet client's pools); %d in all without the kubelet's and log server's. While "
                            + "streaming, %s (what bounds --running-jobs on this machine).",
                    n, streaming.get(), rampSeconds, perSecond, n, named, http, CLIENT_THREADS.get(Bench.client()), diff, addedAll, limitsNow));
            for (RunningJob j : running) {
                j.detach();
            }
            backend.close();
        } finally {
            try {
                cluster.close();
            } catch (RuntimeException e) {
                // the mock server may not close in time with a thousand connections; the figures are taken
                Bench.log("running: closing the test cluster: " + e);
            }
        }
    }
}

package io.modelarts.train.bench;

import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.TestHttpClient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine with the jobs really running: N jobs whose pods run and write a log line every second, all followed by
 * one KubernetesBackend, so N log streams are open at once. The test kubelet of the engine's tests plays the Job
 * controller and the kubelet (a thread per pod, and a log server with a thread per stream) in this JVM; the engine
 * runs in a JVM of its own ({@link RunningJobsEngine}), where its threads are counted.
 */
final class RunningJobsBench {

    /** Threads of the in-process cluster stand-ins, by name prefix. */
    private static final List<String> NOT_OURS = List.of("test-kubelet-worker", "test-log-server");

    /** Name prefixes of the threads each HTTP client starts (OkHttp renames a call's thread after the URL it serves). */
    private static final Map<TestHttpClient, String> CLIENT_THREADS = Map.of(
            TestHttpClient.OKHTTP, "OkHttp*, Okio Watchdog", TestHttpClient.JDK, "HttpClient-N-*; its task pool is named modelarts-kube-http-N");

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

    /** The JVM's threads and heap and the kernel's thread limits, to say where a run stopped. */
    static String limits() {
        Runtime rt = Runtime.getRuntime();
        int cluster = threadsByName().entrySet().stream().filter(e -> NOT_OURS.stream().anyMatch(p -> e.getKey().startsWith(p)))
                .mapToInt(Map.Entry::getValue).sum();
        return String.format(Locale.ROOT, "%d threads%s, %s open files (limit %s) and "
                        + "%d of %d MiB heap in use; the kernel allows %s threads and %s process ids in all, for every process of the machine",
                ManagementFactory.getThreadMXBean().getThreadCount(), cluster == 0 ? "" : " (" + cluster + " of them the test kubelet's and log server's)",
                openFiles(), openFileLimit(), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20, kernel("threads-max"), kernel("pid_max"));
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
            Map<String, Object> r = engineInItsOwnJvm(cluster, ns, n);
            String clusterLimits = limits();
            stop.set(true);
            long streaming = ((Number) r.get("streaming")).longValue();
            int named = ((Number) r.get("named")).intValue();
            int http = ((Number) r.get("http")).intValue();
            int other = ((Number) r.get("other")).intValue();
            int added = named + http + other;
            if (streaming < n) {
                List<Throwable> kubeletErrors = cluster.kubelet().errors(ns);
                Bench.NOTES.add(String.format(Locale.ROOT, "running: only %d of %d jobs were streaming after %.0f s (%s had failed); "
                        + "the engine's JVM had %s; the cluster's JVM had %s; the test kubelet's pod threads had %d errors%s",
                        streaming, n, ((Number) r.get("rampSeconds")).doubleValue(), r.get("abnormal"), r.get("limits"), clusterLimits,
                        kubeletErrors.size(), kubeletErrors.isEmpty() ? "" : " (the first: " + kubeletErrors.get(0) + ")"));
            }
            Bench.log("running: threads added in the engine's JVM, by name: " + r.get("added"));
            Bench.log("running: their origins: " + r.get("origins"));
            Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "engine threads while following %d running jobs (%d open log streams)", n, streaming),
                    Integer.toString(added), "none: an absolute target (the engine runs in a JVM of its own; the cluster stand-ins' threads are in another)",
                    "-", "<= 16, all streaming", added <= 16 && streaming == n, null));
            Bench.NOTES.add(String.format(Locale.ROOT, "running: %d jobs submitted to the test kubelet (pods that write a line a second); %d were "
                            + "streaming after %.1f s; in the next 10 s the engine delivered %.0f lines/s (%d expected). The engine ran in a "
                            + "JVM of its own (the test cluster, its kubelet with a thread per pod and its log server with a thread per stream, "
                            + "in the bench's JVM): each log stream is an HTTP/1.1 connection with a socket at both ends, and with both ends in "
                            + "one process 10,000 streams would need more than the 20,000 open files this machine allows a process. The engine's "
                            + "threads: %d named modelarts-* (this backend's control thread and I/O pool, the shared client callbacks), %d of its "
                            + "HTTP client (%s), %d others it started (fabric8's, the common pool); its JVM had %s threads before the backend was made and %s while streaming (the rest are the "
                            + "JVM's own: GC, compiler, signal, common pool). Threads the engine's JVM gained, by name: %s. While streaming, "
                            + "the engine's JVM had %s; the cluster's JVM had %s.",
                    n, streaming, ((Number) r.get("rampSeconds")).doubleValue(), ((Number) r.get("linesPerSecond")).doubleValue(), n,
                    named, http, CLIENT_THREADS.get(Bench.client()), other, r.get("threadsBefore"), r.get("threadsAfter"), r.get("added"),
                    r.get("limits"), clusterLimits));
        } finally {
            stop.set(true);
            try {
                cluster.close();
            } catch (RuntimeException e) {
                // the mock server may not close in time with thousands of connections; the figures are taken
                Bench.log("running: closing the test cluster: " + e);
            }
        }
    }

    /** Runs {@link RunningJobsEngine} in a child JVM against {@code cluster} and returns its result. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> engineInItsOwnJvm(KubeTestCluster cluster, String ns, int n) throws Exception {
        String javaCommand = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(javaCommand, "-Xmx4g", "-D" + TestHttpClient.PROPERTY + "=" + Bench.client().name().toLowerCase(Locale.ROOT),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                RunningJobsEngine.class.getName(), cluster.masterUrl(), Integer.toString(cluster.logServer().port()), ns, Integer.toString(n));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Object> result = null;
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("log ")) {
                    Bench.log(line.substring(4));
                } else if (line.startsWith("result ")) {
                    result = new com.fasterxml.jackson.databind.ObjectMapper().readValue(line.substring(7), Map.class);
                }
            }
        } finally {
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
            }
        }
        if (result == null) {
            throw new IllegalStateException("the engine's JVM ended with exit code " + child.exitValue() + " and no result");
        }
        return result;
    }
}

package io.modelarts.train.bench;

import io.modelarts.train.testing.kube.TestHttpClient;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whole-flow benchmarks against baselines (issue 6). Run on demand only:
 * {@code java -jar bench/target/modelarts-train-bench.jar all|collect|logs|latency|submit|jobs|kube|running|metrics|listing
 * [options]} (see {@link #HOW_TO_RUN}). Each comparison runs both sides in the same process, alternating,
 * {@code --rounds} times, and reports the median and the range of the rounds; each row names its baseline.
 * The benchmarks that talk to Kubernetes run once per HTTP client of {@code --clients} (default both: the plugin's
 * OkHttp and the command line's JDK client), in the same process.
 */
public final class Bench {

    /** One row of the final table. */
    record Row(String figure, String ours, String baseline, String ratio, String target, Boolean pass, String note) {
    }

    /** The "How to run" section of docs/performance.md (written into every generated file). */
    static final String HOW_TO_RUN = """
            ```
            mvn -B -q -pl bench -am package -DskipTests
            java -jar bench/target/modelarts-train-bench.jar all|collect|logs|latency|submit|jobs|kube|running|metrics|listing \\
                [--rounds 3] [--warmup 1] [--collect-scale 1.0 | --collect-mib 1024] [--log-lines 2000000] [--latency-seconds 10] \\
                [--jobs 1000] [--scale-jobs N] [--reconcile-seconds 60] [--running-jobs N] [--clients okhttp,jdk] [--out docs/performance.md | --out -] [--work /tmp/modelarts-bench]
            ```

            - `--rounds`, `--warmup`: timed and untimed rounds of each comparison; both sides run in this one process, alternating,
              the order rotating each round.
            - `--collect-scale` / `--collect-mib`: the size of the output tree that `collect` downloads (1.0 = 1 GiB in 1,002 files).
            - `--log-lines`: lines the log endpoint streams for `logs` and `metrics`; `--latency-seconds`: how long `latency`
              paces 1,000 lines a second.
            - `--jobs`: jobs submitted and watched by `submit`, `jobs` and `kube`; the baseline's poller starts one thread
              per job and says so when the machine's thread limit stops it.
            - `--scale-jobs`: jobs watched for the thread and heap figures (`jobs`, and in `all` a pass of its own after the
              submission figures; default: `--jobs`), e.g. `--jobs 1000 --scale-jobs 10000`.
            - `--reconcile-seconds`: the backend's safety-net interval in `submit`, `jobs` and `kube` (default: the
              engine's 60 s). Each interval the backend lists the namespace's Jobs and pods once (two requests on its
              I/O threads, whatever the number of jobs). Should a run still stall (a submission not created within
              60 s), the table says where it stopped and what the I/O threads had queued; an interval other than the
              default is named in the rows.
            - `--running-jobs`: jobs of `running` (default: `--jobs`); each is a pod of the test kubelet with a thread of its own
              and a log stream with another, in the bench's JVM, while the engine that follows them runs in a JVM of its own
              (both ends of thousands of log connections in one process would pass the open-file limit); a note says where a
              run stopped and what both JVMs had.
            - `--clients`: the HTTP clients the Kubernetes benchmarks run on, one after the other (`jdk` is the one the plugin
              and the command line use; `okhttp`, which Jenkins' kubernetes-client-api ships, for comparison).
            - A short smoke run of every mode: `all --rounds 1 --warmup 0 --collect-scale 0.02 --log-lines 100000
              --latency-seconds 3 --jobs 200 --out -`.

            The bench module has no tests and runs nothing during `mvn verify`. `collect` needs the `rclone` command (Debian's
            package, the one the training pods use) and `aws` (awscli; the harness tries `apt-get install -y awscli` when it is
            missing). Everything else runs in-process on loopback: s3proxy on a filesystem store in a temp folder, a
            `com.sun.net.httpserver` log endpoint, the fabric8 mock API server (CRUD), the engine tests' kubelet stand-in.
            """;

    static final List<Row> ROWS = new ArrayList<>();
    static final List<String> NOTES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options o = Options.parse(args);
        String load0 = loadAvg();
        long t0 = System.nanoTime();
        Files.createDirectories(o.work);
        for (String what : o.what) {
            try {
                switch (what) {
                    case "collect" -> settled(() -> new CollectBench(o).run());
                    case "logs" -> onEachClient(o, () -> new LogBench(o).throughput());
                    case "latency" -> onEachClient(o, () -> new LogBench(o).latency());
                    case "submit" -> onEachClient(o, () -> new KubeBench(o).run(true, false));
                    case "jobs" -> onEachClient(o, () -> new KubeBench(o).run(false, true, o.scaleJobs()));
                    case "kube" -> onEachClient(o, () -> new KubeBench(o).run(true, true));
                    case "running" -> onEachClient(o, () -> new RunningJobsBench(o).run());
                    case "metrics" -> settled(() -> new MetricsBench(o).run());
                    case "listing" -> settled(() -> new ListingBench(o).run());
                    case "all" -> {
                        settled(() -> new CollectBench(o).run());
                        onEachClient(o, () -> new LogBench(o).throughput());
                        onEachClient(o, () -> new LogBench(o).latency());
                        if (o.scaleJobs() == o.jobs) {
                            onEachClient(o, () -> new KubeBench(o).run(true, true));
                        } else {
                            onEachClient(o, () -> new KubeBench(o).run(true, false));
                            onEachClient(o, () -> new KubeBench(o).run(false, true, o.scaleJobs()));
                        }
                        onEachClient(o, () -> new RunningJobsBench(o).run());
                        settled(() -> new MetricsBench(o).run());
                        settled(() -> new ListingBench(o).run());
                    }
                    default -> throw new IllegalArgumentException("unknown benchmark " + what
                            + " (all, collect, logs, latency, submit, jobs, kube, running, metrics, listing)");
                }
            } catch (Exception e) {
                e.printStackTrace();
                ROWS.add(new Row(what + ": FAILED", "-", "-", "-", "-", false, e.toString()));
            }
        }
        String load1 = loadAvg();
        String table = table();
        StringBuilder doc = new StringBuilder();
        doc.append("# Performance\n\n");
        doc.append("Generated by `java -jar bench/target/modelarts-train-bench.jar ").append(String.join(" ", args))
                .append("` on ").append(Instant.now()).append(" (").append(String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9))
                .append(").\n\n");
        doc.append("## How to run\n\n").append(HOW_TO_RUN).append("\n## Results\n\n");
        doc.append("Machine: ").append(machine()).append("; load average before ").append(load0).append(", after ").append(load1)
                .append(". Each comparison ran both sides in this one process, alternating, ").append(o.rounds)
                .append(" rounds after ").append(o.warmup).append(" untimed warm-up round(s) (collect, logs). Each cell shows the median and, in parentheses, the lowest and highest round; per-job figures "
                + "(submission) the median, p99 and range over the jobs. The machine is shared and noisy: ratios are what count.\n\n");
        doc.append(table).append('\n');
        if (!NOTES.isEmpty()) {
            doc.append("## Notes\n\n");
            for (String n : NOTES) {
                doc.append("- ").append(n).append('\n');
            }
        }
        if (o.out != null) {
            Files.createDirectories(o.out.toAbsolutePath().getParent());
            Files.writeString(o.out, doc.toString(), StandardCharsets.UTF_8);
            System.out.println("wrote " + o.out);
        }
        System.out.println();
        System.out.println("Machine: " + machine() + "; load " + load0 + " -> " + load1);
        for (String n : NOTES) {
            System.out.println("note: " + n);
        }
        System.out.println(table);
        System.exit(ROWS.stream().allMatch(r -> r.pass() == null || r.pass()) ? 0 : 1);
    }

    /** A benchmark that talks to Kubernetes. */
    interface KubeRun {
        void run() throws Exception;
    }

    /**
     * Runs {@code run} once per HTTP client of {@code --clients}, one after the other in this process: the Kubernetes
     * clients of the engine (and of the baselines that use fabric8) are built on that client. Its rows and notes are
     * labelled with the client.
     */
    /**
     * Lets the machine settle before a phase: the files the phases before it wrote are flushed to disk and their garbage
     * collected, so that neither lands in the next phase's timing (a latency run right after the log-throughput run,
     * which writes hundreds of MiB of log files, saw the kernel's write-back and the collector stall its own server
     * thread by 10-17 ms).
     */
    static void settle() throws Exception {
        long t = System.nanoTime();
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        sync.waitFor();
        System.gc();
        System.gc();
        log(String.format(Locale.ROOT, "settled in %.2f s (sync, 2 x System.gc())", (System.nanoTime() - t) / 1e9));
    }

    static void settled(KubeRun run) throws Exception {
        settle();
        run.run();
    }

    static void onEachClient(Options o, KubeRun run) throws Exception {
        for (TestHttpClient client : o.clients) {
            System.setProperty(TestHttpClient.PROPERTY, client.name().toLowerCase(Locale.ROOT));
            int rows = ROWS.size();
            int notes = NOTES.size();
            String label = label(client);
            log("on the " + label + " client");
            try {
                settle();
                run.run();
            } catch (Exception e) {
                e.printStackTrace();
                ROWS.add(new Row("FAILED", "-", "-", "-", "-", false, e.toString()));
                NOTES.add("failed: " + e + "; at that point this JVM had " + RunningJobsBench.limits());
            }
            for (int i = rows; i < ROWS.size(); i++) {
                Row r = ROWS.get(i);
                ROWS.set(i, new Row(r.figure() + " [" + label + "]", r.ours(), r.baseline(), r.ratio(), r.target(), r.pass(), r.note()));
            }
            for (int i = notes; i < NOTES.size(); i++) {
                NOTES.set(i, "[" + label + "] " + NOTES.get(i));
            }
        }
    }

    /** How a client is named in the table: by what it is and which front end uses it. */
    static String label(TestHttpClient client) {
        return client == TestHttpClient.OKHTTP ? "OkHttp, for comparison" : "JDK, plugin and CLI";
    }

    /** The HTTP client of the benchmark running now. */
    static TestHttpClient client() {
        return TestHttpClient.underTest();
    }

    static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| figure | ours | baseline | ratio | target | result |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Row r : ROWS) {
            sb.append("| ").append(r.figure()).append(" | ").append(r.ours()).append(" | ").append(r.baseline()).append(" | ")
                    .append(r.ratio()).append(" | ").append(r.target()).append(" | ")
                    .append(r.pass() == null ? "info" : r.pass() ? "PASS" : "FAIL").append(" |\n");
        }
        return sb.toString();
    }

    static String machine() {
        String mem = "?";
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    mem = String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + mem + " memory, JVM "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    static String loadAvg() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The median of {@code v} in seconds and the range of the rounds: {@code 1.23 s (1.10-1.40)}. */
    static String secondsRange(double[] v) {
        return String.format(Locale.ROOT, "%.2f s (%s)", median(v), range(v, "%.2f"));
    }

    /** The lowest and highest of the rounds, {@code min-max}, each formatted with {@code format}. */
    static String range(double[] v, String format) {
        double lo = Arrays.stream(v).min().orElse(Double.NaN);
        double hi = Arrays.stream(v).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, format + "-" + format, lo, hi);
    }

    static String fmt(double v, String unit) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, unit);
    }

    static void log(String s) {
        System.out.println("[" + Instant.now() + "] " + s);
        System.out.flush();
    }

    /** Command-line options. */
    static final class Options {
        List<String> what = new ArrayList<>();
        int rounds = 3;
        double collectScale = 1.0;
        Integer collectMib;
        long logLines = 2_000_000;
        int latencySeconds = 10;
        int jobs = 1000;
        /** The backend's reconcile interval in submit, jobs and kube; null: the default (60 s). */
        Integer reconcileSeconds;
        /** Jobs of the running benchmark; null: {@link #jobs}. */
        Integer runningJobs;
        /** Jobs watched for the thread and heap figures ({@code jobs}, and in {@code all}); null: {@link #jobs}. */
        Integer scaleJobs;

        int scaleJobs() {
            return scaleJobs != null ? scaleJobs : jobs;
        }
        int warmup = 1;
        List<TestHttpClient> clients = List.of(TestHttpClient.OKHTTP, TestHttpClient.JDK);
        Path out = Paths.get("docs/performance.md");
        Path work = Paths.get(System.getProperty("java.io.tmpdir"), "modelarts-bench");

        static TestHttpClient client(String name) {
            try {
                return TestHttpClient.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--clients: okhttp, jdk or both (okhttp,jdk), not '" + name + "'", e);
            }
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
                    case "--collect-scale" -> o.collectScale = Double.parseDouble(args[++i]);
                    case "--collect-mib" -> o.collectMib = Integer.parseInt(args[++i]);
                    case "--log-lines" -> o.logLines = Long.parseLong(args[++i]);
                    case "--latency-seconds" -> o.latencySeconds = Integer.parseInt(args[++i]);
                    case "--out" -> o.out = "-".equals(args[i + 1]) ? null : Paths.get(args[i + 1]);
                    case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                    case "--jobs" -> o.jobs = Integer.parseInt(args[++i]);
                    case "--running-jobs" -> o.runningJobs = Integer.parseInt(args[++i]);
                    case "--scale-jobs" -> o.scaleJobs = Integer.parseInt(args[++i]);
                    case "--reconcile-seconds" -> o.reconcileSeconds = Integer.parseInt(args[++i]);
                    case "--work" -> o.work = Paths.get(args[++i]);
                    case "--clients" -> o.clients = Arrays.stream(args[++i].split(",")).map(Options::client).toList();
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        o.what.add(a);
                    }
                }
                if (a.equals("--out")) {
                    i++;
                }
            }
            if (o.what.isEmpty()) {
                o.what.add("all");
            }
            if (o.rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1");
            }
            return o;
        }
    }
}

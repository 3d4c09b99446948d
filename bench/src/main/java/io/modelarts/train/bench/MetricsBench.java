package io.modelarts.train.bench;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.JobEventSinks;
import io.modelarts.train.logs.SecretMasker;
import io.modelarts.train.logs.WorkerPrefixSink;
import io.modelarts.train.metrics.MetricsRecorder;
import io.modelarts.train.metrics.MetricRule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;

/** The log pipeline with metrics read from the stream against the same pipeline without them, on LogBench's endpoint. */
final class MetricsBench {

    private final Bench.Options o;
    private final LogBench logs;

    MetricsBench(Bench.Options o) {
        this.o = o;
        this.logs = new LogBench(o);
    }

    /**
     * Issue 13: the same whole log path with metrics read from the stream ({@code MetricsRecorder} in the sink tee, as
     * TrainingRun adds it) against the path without them, alternating, same payload. Two metric configurations: the
     * usual one (the rules' lines are rare: here none, so only the pre-filter runs) and the worst case (a metric on
     * every line: 2,000,000 points).
     */
    void run() throws Exception {
        Bench.log("metrics: generating " + o.logLines + " lines");
        logs.payload = LogBench.payload(o.logLines);
        Path dir = o.work.resolve("metrics");
        CollectBench.deleteTree(dir);
        Files.createDirectories(dir);
        HttpServer s = logs.server();
        ThreadPoolExecutor pool = LogBench.logPool();
        List<MetricRule> typical = List.of(new MetricRule("accuracy", "validation accuracy ([0-9.]+)"),
                new MetricRule("val_loss", "validation loss ([0-9.]+)"));
        List<MetricRule> everyLine = List.of(new MetricRule("loss", "loss=([0-9.]+)"));
        try (KubernetesClient client = LogBench.client(s)) {
            int n = o.rounds;
            String[] names = {"off", "typical", "every line"};
            double[][] times = new double[3][n];
            double[][] cpu = new double[3][n]; // the process' CPU seconds: what the machine's other load does not change much
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long points = 0;
            double mib = logs.payload.length / (double) (1 << 20);
            for (int round = -o.warmup; round < n; round++) {
                for (int k = 0; k < 3; k++) {
                    int which = (Math.max(0, round) + k) % 3; // rotate the order each round
                    Path d = dir.resolve(names[which].replace(' ', '-') + "-" + round);
                    FileLogSink files = new FileLogSink(d, 2);
                    MetricsRecorder recorder = which == 0 ? null
                            : new MetricsRecorder(which == 1 ? typical : everyLine, LogBench.WORKER, w -> Bench.log("metrics warning: " + w));
                    JobEventSink inner = new WorkerPrefixSink(files);
                    JobEventSink sink = SecretMasker.wrap(recorder == null ? inner : JobEventSinks.tee(inner, recorder), List.of(LogBench.SECRET));
                    long cpu0 = os.getProcessCpuTime();
                    double v = Math.max(LogBench.ours(client, pool, "bulk", sink), 1e-9);
                    files.close();
                    double c = (os.getProcessCpuTime() - cpu0) / 1e9;
                    LogBench.verifyOurs(files.file(LogBench.WORKER), o.logLines);
                    if (recorder != null && which == 2) {
                        points = recorder.metrics().get("loss").size();
                        if (points != o.logLines) {
                            throw new IllegalStateException("metrics: " + points + " points of " + o.logLines + " lines");
                        }
                    }
                    if (round >= 0) {
                        times[which][round] = v;
                        cpu[which][round] = c;
                    }
                    Bench.log(String.format(Locale.ROOT, "metrics round %s: %s %.2f s (%.0f MiB/s), process CPU %.2f s",
                            round < 0 ? "warm-up" : round, names[which], v, mib / v, c));
                    CollectBench.deleteTree(d);
                }
            }
            double off = Bench.median(times[0]);
            double offCpu = Bench.median(cpu[0]);
            for (int which = 1; which < 3; which++) {
                double on = Bench.median(times[which]);
                double onCpu = Bench.median(cpu[which]);
                double ratio = off / on;
                Bench.ROWS.add(new Bench.Row(String.format(Locale.ROOT, "log pipeline with metrics on (%s), %,d lines (%.0f MiB)",
                        which == 1 ? "two regex rules and JSON lines, no metric line" : "a metric on every line, " + points + " points",
                        o.logLines, mib) + ": ours vs the same path with metrics off",
                        LogBench.throughput(mib, times[which]) + String.format(Locale.ROOT, ", CPU %.2f s", onCpu),
                        LogBench.throughput(mib, times[0]) + String.format(Locale.ROOT, ", CPU %.2f s; metrics off", offCpu),
                        String.format(Locale.ROOT, "%.2f of metrics off (CPU %.2fx)", ratio, onCpu / offCpu),
                        which == 1 ? ">= 0.95" : "-", which == 1 ? ratio >= 0.95 : null, null));
            }
            Bench.NOTES.add(String.format(Locale.ROOT, "metrics: seconds per round, off %s, typical %s, every line %s; process CPU "
                            + "seconds per round, off %s, typical %s, every line %s.",
                    Arrays.toString(times[0]), Arrays.toString(times[1]), Arrays.toString(times[2]),
                    Arrays.toString(cpu[0]), Arrays.toString(cpu[1]), Arrays.toString(cpu[2])));
        } finally {
            s.stop(0);
            pool.shutdownNow();
            CollectBench.deleteTree(dir);
            logs.payload = null;
        }
    }
}

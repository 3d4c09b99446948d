package io.modelarts.train.report;

import io.modelarts.train.events.JobStatus;
import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.gate.Gate;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.metrics.MetricSeries;
import io.modelarts.train.metrics.RunMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report.html} in a real headless Chromium: it loads without console errors, with one chart per metric. */
class TrainingReportBrowserTest {

    /** Jenkins' default Content-Security-Policy for archived files (less {@code sandbox}, which a meta tag cannot carry). */
    static final String JENKINS_CSP = "default-src 'none'; img-src 'self'; style-src 'self';";

    @TempDir
    Path tmp;

    @BeforeEach
    void chromium() {
        Chromium.require();
    }

    static MetricSeries series(String name, int n, double from, double to, double noise) {
        double[] steps = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i * 10;
            double t = (double) i / Math.max(1, n - 1);
            values[i] = from + (to - from) * (1 - Math.exp(-4 * t)) / (1 - Math.exp(-4)) + noise * Math.sin(i * 1.7);
        }
        return new MetricSeries(name, steps, values);
    }

    static ReportData sample() {
        Instant t0 = Instant.parse("2026-12-02T01:00:00Z");
        RunTimeline timeline = new RunTimeline(Clock.fixed(t0, ZoneOffset.UTC));
        RunMetrics run = new RunMetrics(List.of(series("accuracy", 400, 0.5, 0.861, 0.004), series("loss", 400, 1.2, 0.31, 0.01)));
        RunMetrics base = new RunMetrics(List.of(series("accuracy", 380, 0.5, 0.878, 0.003), series("loss", 380, 1.2, 0.3, 0.01)));
        GateVerdict verdict = Gate.check(List.of("accuracy >= 0.85", "accuracy >= baseline.accuracy - 0.01", "loss <= baseline.loss * 1.1"),
                run, base, "build #41");
        List<RunTimeline.Entry> entries = List.of(
                new RunTimeline.Entry(t0, JobStatus.CREATING, null),
                new RunTimeline.Entry(t0.plusSeconds(2), JobStatus.PENDING, "waiting for a GPU node (0/4 nodes are available)"),
                new RunTimeline.Entry(t0.plusSeconds(40), JobStatus.RUNNING, null),
                new RunTimeline.Entry(t0.plusSeconds(41), null, "Attempt 1 of 2"),
                new RunTimeline.Entry(t0.plusSeconds(200), null, "Attempt 1 of 2 failed: worker-1 exited with code 137; 1 more attempt allowed"),
                new RunTimeline.Entry(t0.plusSeconds(201), null, "Attempt 2 of 2: restarting the job (auto restart)"),
                new RunTimeline.Entry(t0.plusSeconds(590), null, "Training output(parameter name: train_url) Uploading."),
                new RunTimeline.Entry(t0.plusSeconds(596), null, "Upload of output train_url to obs://models/nightly/ finished: 3 files, 41 MiB"),
                new RunTimeline.Entry(t0.plusSeconds(598), JobStatus.COMPLETED, null));
        List<RunTimeline.Worker> workers = List.of(
                new RunTimeline.Worker("worker-0", t0.plusSeconds(42), t0.plusSeconds(590), 1_234_567, 0),
                new RunTimeline.Worker("worker-1", t0.plusSeconds(43), t0.plusSeconds(589), 998_000, 0));
        Fingerprint fp = new Fingerprint("sha256:9f2c4e0d1b7a55c3e8f0a6d2b4c1e7f3a9d8c6b5a4e3f2d1c0b9a8f7e6d5c4b3",
                new Fingerprint.Part("obs://code/nightly/", "sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809", 12, 48_000),
                Map.of("data_url", new Fingerprint.Part("obs://data/mnist/", "sha256:aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55", 10_000, 52_428_800)));
        return new ReportData("nightly-mnist", "Regressed", "Job Completed after 2 attempts, 9m 58s", t0, t0.plus(Duration.ofSeconds(600)), 2,
                entries, 0, workers, run, base, "build #41", verdict,
                List.of(new ReportData.Link("train_url", "outputs/train_url/", "3 files, 41.9 MB from obs://models/nightly/")),
                List.of(new ReportData.Link("worker-0.log", "logs/worker-0.log", "1.2 MB"),
                        new ReportData.Link("worker-1.log", "logs/worker-1.log", "998 kB")),
                fp, List.of());
    }

    @Test
    void rendersWithoutConsoleErrorsWithOneChartPerMetric() throws Exception {
        Path report = tmp.resolve("report.html");
        Files.writeString(report, TrainingReport.html(sample()));

        Chromium.Page page = Chromium.load(report, tmp.resolve("profile"));

        assertThat(page.console()).as(page.stderr()).isEmpty();
        assertThat(count(page.dom(), "<figure class=\"metric\"")).isEqualTo(2);
        assertThat(count(page.dom(), "<svg")).isEqualTo(3); // two metric charts and the phases bar
        assertThat(count(page.dom(), "<polyline")).isEqualTo(4); // each chart: this run and the baseline
        assertThat(page.dom()).contains("id=\"status\">Regressed<", "accuracy &gt;= baseline.accuracy - 0.01",
                "href=\"logs/worker-1.log\"", "href=\"outputs/train_url/\"", "waiting for a GPU node");
        assertThat(page.dom()).doesNotContain("<script");
        Chromium.screenshot(report, tmp.resolve("report.png"), 1000, 2400, tmp.resolve("profile"));
        keepScreenshot(tmp.resolve("report.png"), "report.png");
        keepScreenshot(report, "report.html");
    }

    @Test
    void aScriptErrorIsSeenSoTheCheckAboveCanFail() throws Exception {
        Path page = tmp.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");

        assertThat(Chromium.load(page, tmp.resolve("profile")).console()).isNotEmpty();
    }

    @Test
    void underJenkinsContentSecurityPolicyEverythingIsStillThere() throws Exception {
        // Jenkins serves archived files with a policy that blocks scripts and inline CSS: the page must not need them
        String html = TrainingReport.html(sample()).replace("<head>",
                "<head><meta http-equiv=\"Content-Security-Policy\" content=\"" + JENKINS_CSP + "\">");
        Path report = tmp.resolve("report-csp.html");
        Files.writeString(report, html);

        Chromium.Page page = Chromium.load(report, tmp.resolve("profile"));

        // the only complaint is the blocked stylesheet; the charts draw with SVG attributes, not CSS
        assertThat(page.console()).allSatisfy(line -> assertThat(line).contains("style"));
        assertThat(count(page.dom(), "<polyline")).isEqualTo(4);
        assertThat(page.dom()).contains("Regressed", "stroke=\"#2563eb\"");
        Chromium.screenshot(report, tmp.resolve("report-csp.png"), 1000, 1400, tmp.resolve("profile"));
        keepScreenshot(tmp.resolve("report-csp.png"), "report-csp.png");
    }

    @Test
    void servedWithItsOwnPolicyTheLayoutAppliesAndNothingIsRefused() throws Exception {
        // what the Jenkins build page's "Training report" sends: the real header, over HTTP, as a browser gets it
        String html = ServedReport.withBase(TrainingReport.html(sample()), "../artifact/modelarts/resnet/");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/job/nightly/7/modelarts-report-resnet/", exchange -> {
            byte[] body = html.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", ServedReport.CONTENT_SECURITY_POLICY);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/job/nightly/7/modelarts-report-resnet/");
            Chromium.Page page = Chromium.load(url, tmp.resolve("profile"));

            // under Jenkins' policy for archived files the inline stylesheet is refused (the test above); here nothing is
            assertThat(page.console()).isEmpty();
            assertThat(count(page.dom(), "<polyline")).isEqualTo(4);
            assertThat(page.dom()).contains("<base href=\"../artifact/modelarts/resnet/\">", "Regressed");
        } finally {
            server.stop(0);
        }
    }

    /** With {@code -Dreport.screenshots=DIR} the screenshots are kept for a person to look at. */
    private static void keepScreenshot(Path png, String name) throws java.io.IOException {
        String dir = System.getProperty("report.screenshots");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.copy(png, Path.of(dir, name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

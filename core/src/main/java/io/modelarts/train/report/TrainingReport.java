package io.modelarts.train.report;

import io.modelarts.train.events.JobStatus;
import io.modelarts.train.gate.GateCondition;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.metrics.MetricSeries;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network) with the run's
 * status, its timeline, workers, one chart per metric (with the baseline's curve when there is one), the gate's
 * verdict and links to the outputs and logs beside it in the artifacts. Readable where scripts are blocked (Jenkins
 * serves archived files under a Content-Security-Policy that forbids them).
 */
public final class TrainingReport {

    public static final String FILE_NAME = "report.html";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] PALETTE = {"#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2"};

    private TrainingReport() {
    }

    public static String html(ReportData d) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.esc(d.jobName())).append(" \u2014 ").append(Html.esc(d.status())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body><main>\n");
        header(h, d);
        gate(h, d);
        metrics(h, d);
        timeline(h, d);
        workers(h, d);
        files(h, d);
        fingerprint(h, d);
        h.append("<footer>Written by modelarts-train at ").append(Html.esc(TIME.format(d.ended()))).append(".</footer>\n");
        return h.append("</main></body></html>\n").toString();
    }

    private static void header(StringBuilder h, ReportData d) {
        h.append("<header><div class=\"title\"><h1>").append(Html.esc(d.jobName())).append("</h1>")
                .append("<span class=\"badge ").append(badgeClass(d.status())).append("\" id=\"status\">")
                .append(Html.esc(d.status())).append("</span></div>");
        h.append("<p class=\"detail\">").append(Html.esc(d.detail())).append("</p>");
        h.append("<dl class=\"facts\">");
        fact(h, "Started", TIME.format(d.started()));
        fact(h, "Duration", duration(Duration.between(d.started(), d.ended())));
        fact(h, "Attempts", Integer.toString(d.attempts()));
        fact(h, "Baseline", d.baselineLabel() == null ? "none yet" : d.baselineLabel());
        fact(h, "Gate", d.gate().conditions().isEmpty() ? "none" : d.gate().status().text());
        h.append("</dl>");
        for (String p : d.problems()) {
            h.append("<p class=\"problem\">").append(Html.esc(p)).append("</p>");
        }
        h.append("</header>\n");
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<div><dt>").append(Html.esc(name)).append("</dt><dd>").append(Html.esc(value)).append("</dd></div>");
    }

    private static void gate(StringBuilder h, ReportData d) {
        GateVerdict g = d.gate();
        if (g.conditions().isEmpty()) {
            return;
        }
        h.append("<section id=\"gate\"><h2>Regression gate: <span class=\"").append(g.failed() ? "bad" : g.passed() ? "good" : "muted")
                .append("\">").append(Html.esc(g.status().text())).append("</span></h2>");
        h.append("<table><thead><tr><th>condition</th><th>this run</th><th>needed</th><th></th><th>note</th></tr></thead><tbody>");
        for (GateVerdict.Result r : g.conditions()) {
            h.append("<tr class=\"").append(r.passed() ? "ok" : "failed").append("\"><td><code>").append(Html.esc(r.condition()))
                    .append("</code></td><td class=\"num\">").append(r.value() == null ? "\u2014" : GateCondition.format(r.value()))
                    .append("</td><td class=\"num\">").append(r.threshold() == null ? "\u2014" : Html.esc(r.op()) + " "
                            + GateCondition.format(r.threshold()))
                    .append("</td><td class=\"verdict\">").append(r.passed() ? "<span class=\"good\">\u2713 held</span>" : "<span class=\"bad\">\u2717 failed</span>")
                    .append("</td><td class=\"muted\">").append(Html.esc(r.note())).append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void metrics(StringBuilder h, ReportData d) {
        h.append("<section id=\"metrics\"><h2>Metrics</h2>");
        if (d.metrics().isEmpty()) {
            h.append("<p class=\"muted\">The log printed no metric.</p></section>\n");
            return;
        }
        h.append("<div class=\"charts\">");
        int k = 0;
        for (MetricSeries s : d.metrics().all()) {
            String color = PALETTE[k++ % PALETTE.length];
            List<SvgChart.Line> lines = new ArrayList<>();
            MetricSeries base = d.baseline() == null ? null : d.baseline().get(s.name());
            if (base != null) {
                lines.add(line("baseline", base, "#9aa3b2", true));
            }
            lines.add(line("this run", s, color, false));
            h.append("<figure class=\"metric\" id=\"metric-").append(Html.esc(s.name())).append("\"><figcaption><b>")
                    .append(Html.esc(s.name())).append("</b> <span class=\"value\">").append(GateCondition.format(s.last()))
                    .append("</span>");
            if (base != null) {
                double delta = s.last() - base.last();
                h.append(" <span class=\"muted\">baseline ").append(GateCondition.format(base.last())).append(", ")
                        .append(delta >= 0 ? "+" : "\u2212").append(GateCondition.format(Double.parseDouble(String.format(Locale.ROOT, "%.3g", Math.abs(delta))))).append("</span>");
            }
            h.append(" <span class=\"muted\">\u00b7 ").append(s.size()).append(s.size() == 1 ? " point" : " points").append(", min ")
                    .append(GateCondition.format(s.min())).append(", max ").append(GateCondition.format(s.max())).append("</span></figcaption>");
            h.append(SvgChart.render(s.name() + " per step", "step", lines, null)).append("</figure>");
        }
        h.append("</div></section>\n");
    }

    private static SvgChart.Line line(String label, MetricSeries s, String color, boolean dashed) {
        double[] xs = new double[s.size()];
        double[] ys = new double[s.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = s.step(i);
            ys[i] = s.value(i);
        }
        return new SvgChart.Line(label, xs, ys, color, dashed);
    }

    private static void timeline(StringBuilder h, ReportData d) {
        h.append("<section id=\"timeline\"><h2>Timeline</h2>");
        List<RunTimeline.Entry> statuses = d.timeline().stream().filter(e -> e.status() != null).toList();
        long total = Math.max(1, Duration.between(d.started(), d.ended()).toMillis());
        if (!statuses.isEmpty()) {
            h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"phases\" viewBox=\"0 0 900 34\" width=\"900\" height=\"34\" role=\"img\" aria-label=\"phases\">");
            // the whole run as a light bar: what comes before the first status is preparation (fingerprint, staging)
            h.append("<rect x=\"0\" y=\"4\" width=\"900\" height=\"22\" rx=\"3\" fill=\"#e5e7eb\"><title>preparing</title></rect>");
            for (int i = 0; i < statuses.size(); i++) {
                RunTimeline.Entry e = statuses.get(i);
                Instant end = i + 1 < statuses.size() ? statuses.get(i + 1).time() : d.ended();
                double x = 900.0 * Duration.between(d.started(), e.time()).toMillis() / total;
                double w = Math.max(e.status().isFinal() ? 6 : 2, 900.0 * Duration.between(e.time(), end).toMillis() / total);
                x = Math.min(x, 900 - w);
                h.append("<rect x=\"").append(fmt(x)).append("\" y=\"4\" width=\"").append(fmt(w)).append("\" height=\"22\" rx=\"3\" fill=\"")
                        .append(phaseColor(e.status())).append("\"><title>").append(Html.esc(e.status().displayName()))
                        .append(e.text() == null ? "" : ": " + Html.esc(e.text())).append("</title></rect>");
                if (w > 70) {
                    h.append("<text x=\"").append(fmt(x + 6)).append("\" y=\"19\" font-family=\"sans-serif\" font-size=\"12\" font-weight=\"600\" fill=\"#ffffff\">").append(Html.esc(e.status().displayName()))
                            .append("</text>");
                }
            }
            for (RunTimeline.Entry e : d.timeline()) {
                if (e.status() == null && e.text() != null && e.text().startsWith("Attempt ")) {
                    double x = 900.0 * Duration.between(d.started(), e.time()).toMillis() / total;
                    h.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x))
                            .append("\" y1=\"0\" y2=\"30\" stroke=\"#111827\" stroke-width=\"2\"><title>").append(Html.esc(e.text()))
                            .append("</title></line>");
                }
            }
            h.append("</svg>");
        }
        h.append("<table class=\"events\"><thead><tr><th>at</th><th>event</th></tr></thead><tbody>");
        for (RunTimeline.Entry e : d.timeline()) {
            String kind = e.status() != null ? "status" : kind(e.text());
            h.append("<tr class=\"").append(kind).append("\"><td class=\"num\">+").append(offset(Duration.between(d.started(), e.time())))
                    .append("</td><td>");
            if (e.status() != null) {
                h.append("<span class=\"dot\" style=\"background:").append(phaseColor(e.status())).append("\"></span><b>")
                        .append(Html.esc(e.status().displayName())).append("</b>");
                if (e.text() != null && !e.text().isBlank()) {
                    h.append(" \u2014 ").append(Html.esc(e.text()));
                }
            } else {
                h.append(Html.esc(e.text()));
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table>");
        if (d.dropped() > 0) {
            h.append("<p class=\"muted\">").append(d.dropped()).append(" later platform messages are in the logs only.</p>");
        }
        h.append("</section>\n");
    }

    private static String kind(String text) {
        if (text == null) {
            return "info";
        }
        if (text.startsWith("Attempt ")) {
            return "attempt";
        }
        if (text.contains("pload") || text.contains("sync")) {
            return "upload";
        }
        return "info";
    }

    private static void workers(StringBuilder h, ReportData d) {
        h.append("<section id=\"workers\"><h2>Workers</h2>");
        if (d.workers().isEmpty()) {
            h.append("<p class=\"muted\">No worker printed anything.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>worker</th><th>first output</th><th>last output</th><th>duration</th><th>log</th>")
                .append("<th>exit code</th></tr></thead><tbody>");
        for (RunTimeline.Worker w : d.workers()) {
            h.append("<tr><td>").append(Html.esc(w.name())).append("</td><td class=\"num\">")
                    .append(w.firstOutput() == null ? "\u2014" : "+" + offset(Duration.between(d.started(), w.firstOutput())))
                    .append("</td><td class=\"num\">")
                    .append(w.lastOutput() == null ? "\u2014" : "+" + offset(Duration.between(d.started(), w.lastOutput())))
                    .append("</td><td class=\"num\">")
                    .append(w.firstOutput() == null ? "\u2014" : duration(Duration.between(w.firstOutput(), w.lastOutput())))
                    .append("</td><td class=\"num\">").append(io.modelarts.train.storage.Sizes.human(w.bytes()))
                    .append("</td><td class=\"num\">");
            if (w.exitCode() == null) {
                h.append("\u2014");
            } else {
                h.append("<span class=\"").append(w.exitCode() == 0 ? "good" : "bad").append("\">").append(w.exitCode()).append("</span>");
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void files(StringBuilder h, ReportData d) {
        h.append("<section id=\"files\"><h2>Outputs and logs</h2><ul class=\"links\">");
        for (ReportData.Link l : d.outputs()) {
            link(h, "output", l);
        }
        for (ReportData.Link l : d.logs()) {
            link(h, "log", l);
        }
        link(h, "file", new ReportData.Link("metrics.json", "metrics.json", "every point of every metric"));
        link(h, "file", new ReportData.Link("fingerprint.json", "fingerprint.json", "job, code and input hashes"));
        link(h, "file", new ReportData.Link("job-spec.effective.yaml", "job-spec.effective.yaml", "the job as it ran"));
        h.append("</ul></section>\n");
    }

    private static void link(StringBuilder h, String kind, ReportData.Link l) {
        h.append("<li class=\"").append(kind).append("\"><span class=\"kind\">").append(kind).append("</span><a href=\"")
                .append(Html.esc(Html.href(l.href()))).append("\">").append(Html.esc(l.label())).append("</a>");
        if (l.detail() != null) {
            h.append(" <span class=\"muted\">").append(Html.esc(l.detail())).append("</span>");
        }
        h.append("</li>");
    }

    private static void fingerprint(StringBuilder h, ReportData d) {
        if (d.fingerprint() == null) {
            return;
        }
        h.append("<section id=\"fingerprint\"><h2>Fingerprint</h2><table><tbody>");
        h.append("<tr><td>job</td><td><code>").append(Html.esc(shortHash(d.fingerprint().job()))).append("</code></td><td></td></tr>");
        if (d.fingerprint().code() != null) {
            part(h, "code", d.fingerprint().code());
        }
        d.fingerprint().inputs().forEach((name, p) -> part(h, "input " + name, p));
        h.append("</tbody></table></section>\n");
    }

    private static void part(StringBuilder h, String name, io.modelarts.train.fingerprint.Fingerprint.Part p) {
        h.append("<tr><td>").append(Html.esc(name)).append("</td><td><code>").append(Html.esc(shortHash(p.hash())))
                .append("</code></td><td class=\"muted\">").append(p.files()).append(p.files() == 1 ? " file, " : " files, ")
                .append(io.modelarts.train.storage.Sizes.human(p.bytes())).append(" \u00b7 ").append(Html.esc(p.source()))
                .append("</td></tr>");
    }

    private static String shortHash(String h) {
        return h != null && h.length() > 23 ? h.substring(0, 23) + "\u2026" : h;
    }

    private static String badgeClass(String status) {
        return switch (status) {
            case "Completed" -> "good";
            case "Regressed" -> "warn";
            case "Skipped" -> "muted";
            default -> "bad";
        };
    }

    private static String phaseColor(JobStatus s) {
        return switch (s) {
            case CREATING -> "#94a3b8";
            case PENDING -> "#f59e0b";
            case RUNNING -> "#3b82f6";
            case COMPLETED -> "#16a34a";
            case FAILED, ABNORMAL -> "#dc2626";
            case TERMINATING, TERMINATED -> "#6b7280";
        };
    }

    static String offset(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
    }

    static String duration(Duration d) {
        return offset(d);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String CSS = """
            :root{color-scheme:light;--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--good:#15803d;--bad:#b91c1c;--warn:#b45309}
            *{box-sizing:border-box}
            body{margin:0;background:#f3f4f6;color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:980px;margin:24px auto;padding:0 16px}
            header,section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin-bottom:16px}
            .title{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
            h1{font-size:22px;margin:0}
            h2{font-size:16px;margin:0 0 12px}
            .badge{display:inline-block;padding:3px 12px;border-radius:999px;font-weight:600;font-size:13px;color:#fff}
            .badge.good{background:#16a34a}.badge.bad{background:#dc2626}.badge.warn{background:#d97706}.badge.muted{background:#6b7280}
            .detail{margin:8px 0 12px;color:var(--muted)}
            .facts{display:flex;flex-wrap:wrap;gap:8px 28px;margin:0}
            .facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
            .facts dd{margin:0;font-weight:600}
            .problem{color:var(--bad);margin:10px 0 0}
            table{border-collapse:collapse;width:100%}
            th{font-size:12px;color:var(--muted);text-align:left;font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}
            td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}
            tr:last-child td{border-bottom:0}
            td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
            td.verdict{white-space:nowrap}
            tr.failed td{background:#fef2f2}
            code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;padding:1px 5px;border-radius:4px}
            .good{color:var(--good);font-weight:600}.bad{color:var(--bad);font-weight:600}.muted{color:var(--muted)}
            .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:18px 24px}
            figure{margin:0}
            figcaption{margin-bottom:6px}
            figcaption .value{font-size:18px;font-weight:700;margin-left:6px}
            svg.chart{width:100%;height:auto;display:block}
            svg.phases{max-width:100%;height:auto;display:block;margin-bottom:10px}
            table.events td{padding:4px 8px}
            tr.attempt td{font-weight:600}
            tr.upload td:last-child{color:#0f766e}
            .dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:7px}
            ul.links{list-style:none;margin:0;padding:0}
            ul.links li{padding:5px 0;border-bottom:1px solid var(--line)}
            ul.links li:last-child{border-bottom:0}
            .kind{display:inline-block;min-width:54px;font-size:11px;text-transform:uppercase;color:var(--muted)}
            a{color:#1d4ed8}
            footer{color:var(--muted);font-size:12px;text-align:center;margin:8px 0 24px}
            """;
}

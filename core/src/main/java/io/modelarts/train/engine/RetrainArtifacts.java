package io.modelarts.train.engine;

import io.modelarts.train.baseline.Baseline;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.fingerprint.Fingerprints;
import io.modelarts.train.gate.Gate;
import io.modelarts.train.gate.GateVerdict;
import io.modelarts.train.metrics.MetricsRecorder;
import io.modelarts.train.metrics.RunMetrics;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.report.ReportData;
import io.modelarts.train.report.RunTimeline;
import io.modelarts.train.report.TrainingReport;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.Sizes;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The retraining side of one run, around the job: its fingerprint before it starts (and whether to skip it), the
 * metrics recorder and timeline on the event path while it runs, and after it ended {@code metrics.json}, the gate's
 * verdict and {@code report.html}. Nothing here fails a run: a part that cannot be done is said in a platform message.
 */
final class RetrainArtifacts {

    private final JobPlan plan;
    private final Baseline baseline;
    private final Path artifacts;
    final MetricsRecorder recorder;
    final RunTimeline timeline = new RunTimeline();
    private Fingerprint fingerprint;

    RetrainArtifacts(JobPlan plan, Baseline baseline, Path artifacts, java.util.function.Consumer<String> warnings) {
        this.plan = plan;
        this.baseline = baseline;
        this.artifacts = artifacts;
        this.recorder = new MetricsRecorder(plan.spec().retraining().metrics(), MetricsRecorder.DEFAULT_WORKER, warnings);
    }

    Fingerprint fingerprint() {
        return fingerprint;
    }

    /** Computes and writes {@code fingerprint.json}: one listing per object-store location, a hash per local folder. */
    void writeFingerprint(ObjectStore store, JobEventSink events) {
        long t = System.nanoTime();
        try {
            fingerprint = Fingerprints.of(plan, store);
            Files.writeString(artifacts.resolve(Fingerprint.FILE_NAME), fingerprint.toJson(), StandardCharsets.UTF_8);
            long files = (fingerprint.code() == null ? 0 : fingerprint.code().files())
                    + fingerprint.inputs().values().stream().mapToLong(Fingerprint.Part::files).sum();
            events.info("Fingerprint of job, code and inputs: " + files + (files == 1 ? " file" : " files") + " in "
                    + (System.nanoTime() - t) / 1_000_000 + " ms");
        } catch (RuntimeException | IOException e) {
            fingerprint = null;
            events.info("The fingerprint of job, code and inputs could not be computed (" + TrainingRun.message(e)
                    + "); this run cannot be skipped next time");
        }
    }

    /** Why this run is skipped, or null when it runs. */
    String skipReason() {
        if (!plan.spec().retraining().skipIfUnchanged() || baseline == null || baseline.fingerprint() == null || fingerprint == null) {
            return null;
        }
        return fingerprint.sameTrainingAs(baseline.fingerprint()) ? "skipped: job, code and inputs unchanged since " + baseline.label()
                : null;
    }

    /** What differs from the baseline, for the message that says why a skippable run runs. */
    String changes() {
        if (baseline == null || baseline.fingerprint() == null || fingerprint == null) {
            return null;
        }
        return String.join(", ", fingerprint.differencesFrom(baseline.fingerprint()));
    }

    /** After a restart: the metrics printed before it, from the log kept so far (the only time the log file is read). */
    void replay(Path workerLog) {
        if (workerLog == null || !Files.isRegularFile(workerLog)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(workerLog, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                recorder.log(MetricsRecorder.DEFAULT_WORKER, line);
            }
        } catch (IOException | RuntimeException e) {
            // the metrics then start where watching resumed; the run goes on
        }
    }

    /** Writes {@code metrics.json}, checks the gate (only for a completed job), tells the verdict and writes the report. */
    Finished finish(JobResult result, List<RunOutcome.CollectedOutput> outputs, List<Path> logs, List<String> problems,
                    JobEventSink events) {
        RunMetrics metrics = recorder.metrics();
        writeQuietly(RunMetrics.FILE_NAME, metrics.toJson(), events);
        List<String> gate = plan.spec().retraining().gate();
        GateVerdict verdict = GateVerdict.NONE;
        if (!gate.isEmpty()) {
            if (result.isSuccess()) {
                try {
                    verdict = Gate.check(gate, metrics, baseline == null ? null : baseline.metrics(),
                            baseline == null ? null : baseline.label());
                } catch (IllegalArgumentException e) {
                    events.info("The gate could not be checked: " + e.getMessage());
                }
            } else {
                events.info("Gate not checked: the job did not complete");
            }
        }
        if (!metrics.isEmpty()) {
            StringBuilder s = new StringBuilder("Metrics:");
            metrics.values().forEach((k, v) -> s.append(' ').append(k).append('=').append(io.modelarts.train.gate.GateCondition.format(v)));
            events.info(s.toString());
        }
        for (String line : verdict.describe()) {
            events.info(line);
        }
        if (verdict.failed()) {
            events.info("Regressed: " + verdict.failures().size() + " of " + verdict.conditions().size()
                    + " gate conditions failed; the outputs were still collected");
        }
        String status = verdict.failed() && result.isSuccess() ? "Regressed" : result.status().displayName();
        Path report = writeReport(status, result.describe(), result.attempts(), metrics, verdict, outputs, logs, problems, events);
        return new Finished(metrics, verdict, report);
    }

    record Finished(RunMetrics metrics, GateVerdict gate, Path report) {
    }

    /** A skipped run keeps the baseline's metrics as its own, so the next run still finds them. */
    Finished skipped(String reason, JobEventSink events) {
        RunMetrics metrics = baseline.metrics();
        writeQuietly(RunMetrics.FILE_NAME, metrics.toJson(), events);
        Path report = writeReport("Skipped", reason + "; no job was submitted", 0, metrics, GateVerdict.NONE, List.of(), List.of(),
                List.of(), events);
        return new Finished(metrics, GateVerdict.NONE, report);
    }

    private Path writeReport(String status, String detail, int attempts, RunMetrics metrics, GateVerdict verdict,
                             List<RunOutcome.CollectedOutput> outputs, List<Path> logs, List<String> problems, JobEventSink events) {
        try {
            List<ReportData.Link> outputLinks = new ArrayList<>();
            for (RunOutcome.CollectedOutput o : outputs) {
                outputLinks.add(new ReportData.Link(o.name(), relative(o.dir()) + "/", o.files() + (o.files() == 1 ? " file, " : " files, ")
                        + Sizes.human(o.bytes()) + " from " + o.source()));
            }
            List<ReportData.Link> logLinks = new ArrayList<>();
            for (Path log : logs) {
                logLinks.add(new ReportData.Link(log.getFileName().toString(), relative(log), Files.isRegularFile(log)
                        ? Sizes.human(Files.size(log)) : null));
            }
            ReportData data = new ReportData(plan.jobName(), status, detail, timeline.started(), Instant.now(), attempts,
                    timeline.entries(), timeline.dropped(), timeline.workers(), metrics,
                    baseline == null ? null : baseline.metrics(), baseline == null ? null : baseline.label(), verdict, outputLinks,
                    logLinks, fingerprint, problems);
            Path file = artifacts.resolve(TrainingReport.FILE_NAME);
            Files.writeString(file, TrainingReport.html(data), StandardCharsets.UTF_8);
            events.info("Report: " + file);
            return file;
        } catch (IOException | RuntimeException e) {
            events.info("The report could not be written: " + TrainingRun.message(e));
            return null;
        }
    }

    private String relative(Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path part : artifacts.relativize(p.toAbsolutePath().normalize())) {
            sb.append(sb.length() == 0 ? "" : "/").append(part);
        }
        return sb.toString();
    }

    private void writeQuietly(String name, String text, JobEventSink events) {
        try {
            Files.writeString(artifacts.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            events.info("Cannot write " + name + ": " + e.getMessage());
        }
    }
}

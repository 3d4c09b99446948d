package io.modelarts.train.engine;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.logs.TransferProgress;
import io.modelarts.train.output.CollectionReport;
import io.modelarts.train.output.OutputCollector;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.StorageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches every output of a finished job into {@code <artifacts>/outputs/<output name>/} with the
 * shared {@link OutputCollector} (parallel, keys checked, sizes verified, archive glob applied).
 */
final class OutputCollection {

    static final String OUTPUTS_DIR = "outputs";

    private OutputCollection() {
    }

    static void collect(JobPlan plan, ObjectStore store, Path artifacts, RunSettings settings, JobEventSink events,
                        List<RunOutcome.CollectedOutput> collected, List<String> problems) {
        Path target = artifacts.resolve(OUTPUTS_DIR);
        Map<String, ObjectUri> outputs = new LinkedHashMap<>();
        for (ChannelPlan out : plan.outputs()) {
            try {
                outputs.put(out.name(), ObjectUri.parse(out.source().trim()));
            } catch (IllegalArgumentException e) {
                problems.add("output " + out.name() + " cannot be collected: " + e.getMessage());
            }
        }
        if (outputs.isEmpty()) {
            return;
        }
        events.info("Collecting " + (outputs.size() == 1 ? "output " : "outputs ") + String.join(", ", outputs.keySet())
                + " into " + target + (settings.archiveGlob() == null ? "" : " (keeping " + settings.archiveGlob() + ")"));
        CollectionReport report;
        try {
            report = new OutputCollector().collect(store, outputs, target, settings.archiveGlob(),
                    TransferProgress.of(events, "Collecting outputs", settings.progressQuiet(), TransferProgress.DEFAULT_EVERY));
        } catch (StorageException | IllegalArgumentException e) {
            String text = "collecting outputs failed: " + TrainingRun.message(e);
            events.info("Collecting outputs failed: " + TrainingRun.message(e));
            problems.add(text);
            return;
        }
        events.info("Outputs " + report.summary());
        for (Map.Entry<String, ObjectUri> e : outputs.entrySet()) {
            Path dir = target.resolve(e.getKey());
            int files = 0;
            long bytes = 0;
            for (Path f : report.files()) {
                if (f.startsWith(dir)) {
                    files++;
                    bytes += size(f);
                }
            }
            collected.add(new RunOutcome.CollectedOutput(e.getKey(), e.getValue().toString(), dir, files, bytes));
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}

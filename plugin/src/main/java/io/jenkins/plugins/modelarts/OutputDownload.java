package io.jenkins.plugins.modelarts;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.logs.TransferProgress;
import io.modelarts.train.output.CollectionReport;
import io.modelarts.train.output.OutputCollector;
import io.modelarts.train.storage.ObjectStoreBroker;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.PresignedObjectStore;
import io.modelarts.train.storage.StorageException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * Downloads a finished job's outputs on the machine of the workspace, into the folder it is called on
 * ({@code modelarts/<job>/outputs/<output name>/...}), through presigned GETs made on the controller, with the
 * engine's collector: keys checked before any write, sizes and MD5s verified, files moved into place only when
 * complete, the archive glob applied. The controller's disk is never a staging area for outputs.
 */
final class OutputDownload extends MasterToSlaveFileCallable<OutputDownload.Result> {
    private static final long serialVersionUID = 1L;

    /** What was downloaded, and what went wrong. */
    record Result(List<String> outputs, int files, long bytes, List<String> problems) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final LinkedHashMap<String, ObjectUri> outputs;
    private final String archiveGlob;
    private final ObjectStoreBroker broker;
    private final JobEventSink console;

    OutputDownload(Map<String, ObjectUri> outputs, String archiveGlob, ObjectStoreBroker broker, JobEventSink console) {
        this.outputs = new LinkedHashMap<>(outputs);
        this.archiveGlob = archiveGlob;
        this.broker = broker;
        this.console = console;
    }

    @Override
    public Result invoke(File target, VirtualChannel channel) {
        List<String> names = new ArrayList<>(outputs.keySet());
        console.info("Collecting " + (names.size() == 1 ? "output " : "outputs ") + String.join(", ", names) + " into " + target
                + (archiveGlob == null ? "" : " (keeping " + archiveGlob + ")"));
        try (PresignedObjectStore store = new PresignedObjectStore(broker)) {
            CollectionReport report = new OutputCollector().collect(store, outputs, target.toPath(), archiveGlob,
                    TransferProgress.of(console, "Collecting outputs"));
            console.info("Outputs " + report.summary());
            return new Result(names, report.fileCount(), report.bytes(), List.of());
        } catch (StorageException | IllegalArgumentException e) {
            console.info("Collecting outputs failed: " + e.getMessage());
            return new Result(names, 0, 0, List.of("collecting outputs failed: " + e.getMessage()));
        }
    }
}

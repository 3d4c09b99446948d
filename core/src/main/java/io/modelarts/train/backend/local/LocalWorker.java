package io.modelarts.train.backend.local;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.LogLimit;

import java.nio.file.Path;

/** One compute node: its own container-like root (the job root itself for a single node). */
final class LocalWorker {

    final int index;
    final String name;
    final JobDirectoryMapper mapper;
    final FileLogSink logFile;
    StartedProcess process; // guarded by the LocalJob's lock
    Thread pump;

    /** The worker's log file, kept to ModelArts' 1 GiB like the one persistent log saving uploads. */
    final JobEventSink logLimit;

    LocalWorker(int index, Path root, FileLogSink logFile) {
        this.logLimit = LogLimit.wrap(logFile, LogLimit.MODELARTS_MAX_BYTES);
        this.index = index;
        this.name = "worker-" + index;
        this.mapper = new JobDirectoryMapper(root);
        this.logFile = logFile;
    }
}

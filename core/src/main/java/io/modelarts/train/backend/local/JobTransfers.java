package io.modelarts.train.backend.local;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.logs.FileLogSink;
import io.modelarts.train.logs.TransferProgress;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.CodePlan;
import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.StorageException;
import io.modelarts.train.storage.TransferListener;
import io.modelarts.train.storage.TransferReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@link LocalJob} moves in and out of its workers' folders, as a container's init and sidecar would: the
 * code and inputs before the training, each output folder emptied (or predownloaded) before an attempt, the outputs
 * synchronized during and after it, and the log saved at the end.
 */
final class JobTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(JobTransfers.class);

    private final JobPlan plan;
    private final ObjectStore store;
    private final LocalBackendOptions options;
    private final JobEventSink events;
    private final String jobId;
    /** Each worker's folders. */
    private final List<JobDirectoryMapper> workers;
    /** A periodic sync and the final one never run at the same time. */
    private final ReentrantLock syncLock = new ReentrantLock();

    JobTransfers(JobPlan plan, ObjectStore store, LocalBackendOptions options, JobEventSink events, String jobId,
                 List<JobDirectoryMapper> workers) {
        this.plan = plan;
        this.store = store;
        this.options = options;
        this.events = events;
        this.jobId = jobId;
        this.workers = List.copyOf(workers);
    }

    static final class StagingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StagingException(String message) {
            super(message);
        }
    }

    void stageCode(JobDirectoryMapper worker) {
        CodePlan code = plan.code();
        if (code == null) {
            return;
        }
        Path target = worker.path(code.containerDir());
        String where = code.containerDir();
        try {
            TransferReport r;
            if (code.local()) {
                events.info("Copying code from " + code.source() + " to " + where);
                r = LocalFiles.copyTree(Path.of(code.source()), target);
            } else {
                events.info("Downloading code from " + code.source() + " to " + where);
                r = store.download(uri(code.source(), "algorithm.codeDir"), target, progress("Downloading code"));
            }
            events.info("Code ready: " + r.summary());
        } catch (StorageException | UncheckedIOException | IllegalArgumentException e) {
            throw new StagingException("staging the code failed: " + message(e));
        }
    }

    void stageInputs(JobDirectoryMapper worker) {
        for (ChannelPlan in : plan.inputs()) {
            Path target = worker.path(in.containerDir());
            try {
                TransferReport r;
                if (in.source() == null || in.source().isBlank()) {
                    throw new StagingException("input " + in.name() + " has no data path");
                } else if (StoragePaths.isObjectPath(in.source())) {
                    events.info("Downloading input " + in.name() + " from " + in.source() + " to " + in.containerDir());
                    r = store.download(uri(in.source(), "inputs." + in.name()), target, progress("Downloading input " + in.name()));
                } else {
                    events.info("Copying input " + in.name() + " from " + in.source() + " to " + in.containerDir());
                    r = LocalFiles.copyInto(Path.of(in.source()), target);
                }
                events.info("Input " + in.name() + " ready: " + r.summary());
            } catch (StorageException | UncheckedIOException | IllegalArgumentException e) {
                throw new StagingException("staging input " + in.name() + " failed: " + message(e));
            }
        }
    }

    /** Empties each output folder and, for predownload outputs, fills it from the output path. */
    void prepareOutputs(JobDirectoryMapper worker) {
        try {
            LocalFiles.emptyDirectory(worker.path(ContainerLayout.CACHE_DIR));
        } catch (UncheckedIOException e) {
            LOG.warn("cannot empty {}: {}", ContainerLayout.CACHE_DIR, e.toString());
        }
        for (ChannelPlan out : plan.outputs()) {
            Path dir = worker.path(out.containerDir());
            try {
                LocalFiles.emptyDirectory(dir);
                if (out.predownload()) {
                    events.info("Predownloading output " + out.name() + " from " + out.source() + " to " + out.containerDir());
                    TransferReport r = store.download(outputUri(out), dir, progress("Predownloading output " + out.name()));
                    events.info("Output " + out.name() + " predownloaded: " + r.summary());
                }
            } catch (StorageException | UncheckedIOException | IllegalArgumentException e) {
                throw new StagingException("preparing output " + out.name() + " failed: " + message(e));
            }
        }
    }

    /**
     * Uploads every output folder to its path. The final sync (after the training exited, also after a
     * failure) reports each output like ModelArts does; periodic syncs are quiet unless they fail.
     *
     * @return a problem of the final sync, or {@code null}
     */
    String syncOutputs(boolean last) {
        if (plan.outputs().isEmpty()) {
            return null;
        }
        syncLock.lock();
        try {
            String problem = null;
            for (ChannelPlan out : plan.outputs()) {
                if (last) {
                    events.info("Training output(parameter name: " + out.name() + ") Uploading.");
                }
                int files = 0;
                long bytes = 0;
                int unchanged = 0;
                long t0 = System.nanoTime();
                try {
                    ObjectUri target = outputUri(out);
                    for (JobDirectoryMapper worker : workers) {
                        TransferReport r = store.syncUp(worker.path(out.containerDir()), target,
                                last ? progress("Uploading output " + out.name()) : TransferListener.NONE);
                        files += r.files();
                        bytes += r.bytes();
                        unchanged += r.unchanged();
                    }
                    if (last) {
                        TransferReport total = new TransferReport(files, bytes, unchanged, 0, Duration.ofNanos(System.nanoTime() - t0));
                        events.info("Upload of output " + out.name() + " to " + out.source() + " finished: " + total.summary());
                    }
                } catch (StorageException | IllegalArgumentException e) {
                    String text = "uploading output " + out.name() + " to " + out.source() + " failed: " + message(e);
                    events.info((last ? "" : "Periodic sync: ") + text);
                    if (problem == null) {
                        problem = text;
                    }
                }
            }
            return last ? problem : null;
        } catch (RuntimeException e) {
            LOG.warn("output sync of {} failed", jobId, e);
            return last ? "uploading outputs failed: " + message(e) : null;
        } finally {
            syncLock.unlock();
        }
    }

    private ObjectUri outputUri(ChannelPlan out) {
        if (!StoragePaths.isObjectPath(out.source())) {
            throw new IllegalArgumentException("output " + out.name() + " must be an obs:// or s3:// path, not '" + out.source() + "'");
        }
        return uri(out.source(), "outputs." + out.name());
    }

    private static ObjectUri uri(String text, String what) {
        try {
            return ObjectUri.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private TransferListener progress(String label) {
        return TransferProgress.of(events, label, options.progressQuiet(), TransferProgress.DEFAULT_EVERY);
    }

    void savePersistentLog(List<FileLogSink> logFiles) {
        String target = plan.spec().persistentLogPath();
        if (target == null || target.isBlank()) {
            return;
        }
        try {
            ObjectUri folder = uri(target, "persistentLogPath");
            for (FileLogSink f : logFiles) {
                for (Path file : f.files()) {
                    ObjectUri dest = folder.resolve(file.getFileName().toString());
                    events.info("Saving the log to " + dest);
                    // the upload reads the file as it is now; later lines (the final status) stay local
                    store.putFile(file, dest);
                }
            }
        } catch (StorageException | IllegalArgumentException e) {
            events.info("Saving the log to " + target + " failed: " + message(e));
        }
    }

    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}

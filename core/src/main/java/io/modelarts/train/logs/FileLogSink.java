package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Streams each worker's log into its own file, {@code <dir>/<worker>.log}, line by line (nothing kept
 * in memory beyond a small buffer). Training lines are flushed at most every 100 ms, so a fast log costs
 * no system call per line; status and platform messages, and {@link #close()}, flush at once. Platform messages and status changes are written to every worker
 * file opened so far as {@code [ModelArts Service Log] ...} lines, so each file reads like that
 * worker's console; {@code worker-0.log} is opened at once and so holds the whole story of a
 * single-node job.
 *
 * <p>Never throws into the caller: after the first write error the sink logs it and stops writing.
 */
public final class FileLogSink implements JobEventSink, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileLogSink.class);
    private static final Pattern SAFE_WORKER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path dir;
    private final String prefix;
    private final boolean append;
    private final Map<String, BufferedWriter> writers = new LinkedHashMap<>();
    /** worker name as given -> its writer: the file-name check runs once per worker, not once per line */
    private final Map<String, BufferedWriter> byWorker = new java.util.HashMap<>();
    private boolean failed;
    private boolean closed;
    private long lastFlush = System.nanoTime();
    private static final long FLUSH_NANOS = 100_000_000L;
    private static final int BUFFER = 64 * 1024;

    /** Creates {@code dir} and opens {@code worker-0 ... worker-(workers-1)}; files are replaced. */
    public FileLogSink(Path dir, int workers) {
        this(dir, "", workerNames(workers));
    }

    public FileLogSink(Path dir) {
        this(dir, 1);
    }

    /**
     * Opens {@code <dir>/<fileNamePrefix><worker>.log} for each of {@code workers} (e.g. the prefix
     * {@code modelarts-job-<id>-} gives ModelArts' own log file names).
     */
    public FileLogSink(Path dir, String fileNamePrefix, List<String> workers) {
        this(dir, fileNamePrefix, workers, false);
    }

    private FileLogSink(Path dir, String fileNamePrefix, List<String> workers, boolean append) {
        this.dir = dir;
        this.append = append;
        this.prefix = fileNamePrefix == null ? "" : fileNamePrefix.replaceAll("[^A-Za-z0-9._-]", "_");
        for (String w : workers) {
            writer(w);
        }
    }

    /** Like {@link #FileLogSink(Path, int)} but adds to existing files (re-attaching to a job). */
    public static FileLogSink appending(Path dir, int workers) {
        return new FileLogSink(dir, "", workerNames(workers), true);
    }

    /** Where {@code worker}'s lines go. */
    public Path file(String worker) {
        return dir.resolve(fileName(worker));
    }

    /** The files written so far, in the order they were opened. */
    public synchronized List<Path> files() {
        return writers.keySet().stream().map(dir::resolve).toList();
    }

    private String fileName(String worker) {
        String w = worker == null ? "worker-0" : worker;
        return prefix + (SAFE_WORKER.matcher(w).matches() && !w.startsWith(".") ? w : w.replaceAll("[^A-Za-z0-9_-]", "_")) + ".log";
    }

    private static List<String> workerNames(int workers) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(1, workers); i++) {
            names.add("worker-" + i);
        }
        return names;
    }

    @Override
    public synchronized void status(JobStatus status, String reason) {
        all(ServiceLog.statusLine(status, reason));
        flushAll();
    }

    @Override
    public synchronized void info(String message) {
        all(ServiceLog.infoLine(message));
        flushAll();
    }

    @Override
    public synchronized void log(String worker, String line) {
        BufferedWriter w = writer(worker);
        if (w != null) {
            write(w, line);
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_NANOS) {
                flushAll();
            }
        }
    }

    /** Writes what the buffers hold; called for messages, now and then for training lines, and on close. */
    public synchronized void flush() {
        flushAll();
    }

    private void flushAll() {
        lastFlush = System.nanoTime();
        if (failed || closed) {
            return;
        }
        for (BufferedWriter w : writers.values()) {
            try {
                w.flush();
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
    }

    private void all(String line) {
        for (BufferedWriter w : writers.values()) {
            write(w, line);
        }
    }

    private BufferedWriter writer(String worker) {
        if (failed || closed) {
            return null;
        }
        BufferedWriter known = byWorker.get(worker == null ? "worker-0" : worker);
        if (known != null) {
            return known;
        }
        BufferedWriter opened = open(worker);
        if (opened != null) {
            byWorker.put(worker == null ? "worker-0" : worker, opened);
        }
        return opened;
    }

    private BufferedWriter open(String worker) {
        String name = fileName(worker);
        BufferedWriter w = writers.get(name);
        if (w == null) {
            try {
                Files.createDirectories(dir);
                w = new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(dir.resolve(name), StandardOpenOption.CREATE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                        StandardCharsets.UTF_8), BUFFER);
                writers.put(name, w);
            } catch (IOException e) {
                fail(e);
                return null;
            }
        }
        return w;
    }

    private void write(BufferedWriter w, String line) {
        if (failed || closed) {
            return;
        }
        try {
            w.write(line == null ? "" : line);
            w.write('\n');
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failed = true;
        LOG.warn("cannot write job log under {}: {}", dir, e.toString());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BufferedWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.warn("cannot close job log under {}: {}", dir, e.toString());
            }
        }
    }
}

package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
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
    private final Map<String, BufferedOutputStream> writers = new LinkedHashMap<>();
    /** worker name as given -> its writer: the file-name check runs once per worker, not once per line */
    private final Map<String, BufferedOutputStream> byWorker = new java.util.HashMap<>();
    private boolean failed;
    private boolean closed;
    private long lastFlush = System.nanoTime();
    private static final long FLUSH_NANOS = 100_000_000L;
    private static final int BUFFER = 64 * 1024;
    private static final byte[] NEWLINE = {'\n'};

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

    /** Bytes in {@code worker}'s file now (0 when there is none), buffered ones not counted. */
    public long sizeOf(String worker) {
        try {
            Path f = file(worker);
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
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
        BufferedOutputStream w = writer(worker);
        if (w != null) {
            write(w, line);
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_NANOS) {
                flushAll();
            }
        }
    }

    /** A block of lines as it came: no decoding, one copy into the file's buffer. */
    @Override
    public synchronized void logLines(String worker, byte[] utf8, int from, int to) {
        BufferedOutputStream w = writer(worker);
        if (w != null && to > from) {
            write(w, utf8, from, to);
            if (utf8[to - 1] != '\n') {
                write(w, NEWLINE, 0, 1);
            }
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
        for (BufferedOutputStream w : writers.values()) {
            try {
                w.flush();
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
    }

    private void all(String line) {
        for (BufferedOutputStream w : writers.values()) {
            write(w, line);
        }
    }

    private BufferedOutputStream writer(String worker) {
        if (failed || closed) {
            return null;
        }
        BufferedOutputStream known = byWorker.get(worker == null ? "worker-0" : worker);
        if (known != null) {
            return known;
        }
        BufferedOutputStream opened = open(worker);
        if (opened != null) {
            byWorker.put(worker == null ? "worker-0" : worker, opened);
        }
        return opened;
    }

    private BufferedOutputStream open(String worker) {
        String name = fileName(worker);
        BufferedOutputStream w = writers.get(name);
        if (w == null) {
            try {
                Files.createDirectories(dir);
                w = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name), StandardOpenOption.CREATE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), BUFFER);
                writers.put(name, w);
            } catch (IOException e) {
                fail(e);
                return null;
            }
        }
        return w;
    }

    private void write(BufferedOutputStream w, String line) {
        if (line == null) {
            write(w, NEWLINE, 0, 1);
        } else {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            write(w, b, 0, b.length);
        }
    }

    private void write(BufferedOutputStream w, byte[] b, int from, int to) {
        if (failed || closed) {
            return;
        }
        try {
            w.write(b, from, to - from);
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
        for (BufferedOutputStream w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.warn("cannot close job log under {}: {}", dir, e.toString());
            }
        }
    }
}

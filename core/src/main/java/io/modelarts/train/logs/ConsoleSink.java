package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Writes a job's events to a terminal or build console: training lines as they are, platform messages
 * and status changes as {@code [ModelArts Service Log] status: Running} lines. Each event is one line,
 * written and flushed whole, so lines of concurrent workers never interleave mid-line.
 */
public final class ConsoleSink implements JobEventSink {

    private final PrintWriter out;
    /** The byte stream under {@link #out} when it takes UTF-8: blocks of lines are written to it as they are. */
    private final PrintStream bytes;

    public ConsoleSink(PrintWriter out) {
        this.out = out;
        this.bytes = null;
    }

    public ConsoleSink(PrintStream out) {
        this(out, StandardCharsets.UTF_8);
    }

    /** Writes to {@code out} in {@code charset} (a build log's charset). */
    public ConsoleSink(PrintStream out, Charset charset) {
        this.out = new PrintWriter(new OutputStreamWriter(out, charset), true);
        this.bytes = StandardCharsets.UTF_8.equals(charset) ? out : null;
    }

    @Override
    public void status(JobStatus status, String reason) {
        line(ServiceLog.statusLine(status, reason));
    }

    @Override
    public void log(String worker, String line) {
        line(line);
    }

    /** A block of lines in one write and one flush; decoded line by line only when the console is not UTF-8. */
    @Override
    public void logLines(String worker, byte[] utf8, int from, int to) {
        if (bytes == null) {
            JobEventSink.super.logLines(worker, utf8, from, to);
            return;
        }
        synchronized (out) {
            out.flush();
            bytes.write(utf8, from, to - from);
            if (to > from && utf8[to - 1] != '\n') {
                bytes.write('\n');
            }
            bytes.flush();
        }
    }

    @Override
    public void info(String message) {
        line(ServiceLog.infoLine(message));
    }

    private void line(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}

package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Writes a job's events to a terminal or build console: training lines as they are, platform messages
 * and status changes as {@code [ModelArts Service Log] status: Running} lines. Each event is one line,
 * written and flushed whole, so lines of concurrent workers never interleave mid-line.
 */
public final class ConsoleSink implements JobEventSink {

    private final PrintWriter out;

    public ConsoleSink(PrintWriter out) {
        this.out = out;
    }

    public ConsoleSink(PrintStream out) {
        this(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    }

    @Override
    public void status(JobStatus status, String reason) {
        line(ServiceLog.statusLine(status, reason));
    }

    @Override
    public void log(String worker, String line) {
        line(line);
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

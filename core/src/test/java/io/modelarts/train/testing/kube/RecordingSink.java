package io.modelarts.train.testing.kube;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.util.ArrayList;
import java.util.List;

/** A thread-safe sink that keeps everything, in arrival order, for assertions. */
public final class RecordingSink implements JobEventSink {

    /** One status change. */
    public record Status(JobStatus status, String reason) {
    }

    /** One log line. */
    public record Line(String worker, String text) {
    }

    private final List<Status> statuses = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    @Override
    public synchronized void status(JobStatus status, String reason) {
        statuses.add(new Status(status, reason));
    }

    @Override
    public synchronized void log(String worker, String line) {
        lines.add(new Line(worker, line));
    }

    @Override
    public synchronized void info(String message) {
        infos.add(message);
    }

    public synchronized List<Status> statuses() {
        return List.copyOf(statuses);
    }

    public synchronized List<JobStatus> statusSequence() {
        return statuses.stream().map(Status::status).toList();
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The texts of one worker's lines, in order. */
    public synchronized List<String> lines(String worker) {
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.worker().equals(worker)) {
                out.add(l.text());
            }
        }
        return out;
    }

    public synchronized List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    public synchronized List<String> infos() {
        return List.copyOf(infos);
    }

    public synchronized boolean hasStatus(JobStatus s) {
        return statuses.stream().anyMatch(x -> x.status() == s);
    }

    /** Everything, one entry a line, for failure messages. */
    public synchronized String dump() {
        StringBuilder s = new StringBuilder();
        statuses.forEach(x -> s.append("status ").append(x.status()).append(' ').append(x.reason()).append('\n'));
        infos.forEach(x -> s.append("info ").append(x).append('\n'));
        lines.forEach(x -> s.append("log ").append(x.worker()).append(' ').append(x.text()).append('\n'));
        return s.toString();
    }
}

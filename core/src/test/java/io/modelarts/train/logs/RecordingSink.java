package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records every event, in order, for assertions. Thread-safe. */
public final class RecordingSink implements JobEventSink {

    public record Event(String kind, String worker, String text, JobStatus status, long millis) {
        @Override
        public String toString() {
            return switch (kind) {
                case "status" -> "status " + status + (text == null ? "" : " (" + text + ")");
                case "log" -> worker + ": " + text;
                default -> "info " + text;
            };
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final long start = System.nanoTime();

    private long now() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public synchronized void status(JobStatus status, String reason) {
        events.add(new Event("status", null, reason, status, now()));
        notifyAll();
    }

    @Override
    public synchronized void log(String worker, String line) {
        events.add(new Event("log", worker, line, null, now()));
        notifyAll();
    }

    @Override
    public synchronized void info(String message) {
        events.add(new Event("info", null, message, null, now()));
        notifyAll();
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized List<JobStatus> statuses() {
        return events.stream().filter(e -> e.kind().equals("status")).map(Event::status).toList();
    }

    public synchronized List<String> lines() {
        return events.stream().filter(e -> e.kind().equals("log")).map(Event::text).toList();
    }

    public synchronized List<String> lines(String worker) {
        return events.stream().filter(e -> e.kind().equals("log") && worker.equals(e.worker())).map(Event::text).toList();
    }

    public synchronized List<String> infos() {
        return events.stream().filter(e -> e.kind().equals("info")).map(Event::text).toList();
    }

    /** Like {@link #transcript()} with the milliseconds since this sink was made. */
    public synchronized String timedTranscript() {
        StringBuilder s = new StringBuilder();
        events.forEach(e -> s.append(String.format("%6d ", e.millis())).append(e).append('\n'));
        return s.toString();
    }

    /** Everything as the console would show it, one event per line. */
    public synchronized String transcript() {
        StringBuilder s = new StringBuilder();
        events.forEach(e -> s.append(e).append('\n'));
        return s.toString();
    }

    /** Waits (up to 60 s) until a log line matches; fails the test otherwise. */
    public synchronized String awaitLine(Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            for (Event e : events) {
                if (e.kind().equals("log") && match.test(e.text())) {
                    return e.text();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching log line; got:\n" + transcript());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

package io.modelarts.train.report;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records what the report's timeline shows, as the run's events pass: status changes (with pending reasons),
 * platform messages (attempts, staging, uploads), and for each worker when its output began and ended and the exit
 * code the platform reported. Cheap on the log path: one clock read per block of lines.
 */
public final class RunTimeline implements JobEventSink {

    /** More platform messages than any report needs: a very long run keeps its first ones and counts the rest. */
    static final int MAX_ENTRIES = 2000;

    private static final Pattern FINISHED = Pattern.compile("Training finished(?: on (worker-\\d+))?\\. Exit code (-?\\d+)");
    private static final Pattern EXITED = Pattern.compile("(worker-\\d+) exited with code (-?\\d+)");

    /**
     * One moment of the run.
     *
     * @param time   when it happened
     * @param status the status the job moved to, or null for a platform message
     * @param text   the reason or message (may be null for a status without reason)
     */
    public record Entry(Instant time, JobStatus status, String text) {
    }

    /** One worker: when its first and last output arrived, how much, and its exit code when reported. */
    public record Worker(String name, Instant firstOutput, Instant lastOutput, long bytes, Integer exitCode) {
    }

    private final Clock clock;
    private final Instant started;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, long[]> workers = new LinkedHashMap<>(); // first ms, last ms, bytes
    private final Map<String, Integer> exitCodes = new LinkedHashMap<>();
    private int dropped;

    public RunTimeline() {
        this(Clock.systemUTC());
    }

    public RunTimeline(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    public Instant started() {
        return started;
    }

    @Override
    public synchronized void status(JobStatus status, String reason) {
        add(new Entry(clock.instant(), status, reason));
        exitCodeIn(reason);
    }

    @Override
    public synchronized void info(String message) {
        add(new Entry(clock.instant(), null, message));
        exitCodeIn(message);
    }

    @Override
    public void log(String worker, String line) {
        seen(worker, line == null ? 1 : line.length() + 1);
    }

    @Override
    public void logLines(String worker, byte[] utf8, int from, int to) {
        seen(worker, to - from);
    }

    private synchronized void seen(String worker, long bytes) {
        long now = clock.millis();
        long[] w = workers.computeIfAbsent(worker == null ? "worker-0" : worker, k -> new long[]{now, now, 0});
        w[1] = now;
        w[2] += bytes;
    }

    private void add(Entry e) {
        if (entries.size() < MAX_ENTRIES) {
            entries.add(e);
        } else {
            dropped++;
        }
    }

    private void exitCodeIn(String text) {
        if (text == null) {
            return;
        }
        Matcher m = FINISHED.matcher(text);
        if (m.find()) {
            exitCodes.put(m.group(1) == null ? "worker-0" : m.group(1), Integer.valueOf(m.group(2)));
            return;
        }
        m = EXITED.matcher(text);
        if (m.find()) {
            exitCodes.put(m.group(1), Integer.valueOf(m.group(2)));
        }
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Platform messages left out because the timeline was full. */
    public synchronized int dropped() {
        return dropped;
    }

    /** Every worker that printed a line or had an exit code reported, in the order first seen. */
    public synchronized List<Worker> workers() {
        Map<String, Worker> out = new LinkedHashMap<>();
        workers.forEach((name, w) -> out.put(name, new Worker(name, Instant.ofEpochMilli(w[0]), Instant.ofEpochMilli(w[1]), w[2],
                exitCodes.get(name))));
        exitCodes.forEach((name, code) -> out.putIfAbsent(name, new Worker(name, null, null, 0, code)));
        List<Worker> list = new ArrayList<>(out.values());
        list.sort((a, b) -> Integer.compare(index(a.name()), index(b.name())));
        return list;
    }

    private static int index(String worker) {
        try {
            return Integer.parseInt(worker.substring(worker.lastIndexOf('-') + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}

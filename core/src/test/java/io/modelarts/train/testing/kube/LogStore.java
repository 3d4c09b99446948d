package io.modelarts.train.testing.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The container logs of the test kubelet: per container instance ({@code <pod uid>/<container>/<restart count>})
 * a list of timestamped lines, whether the container ended, and a "cut" counter that makes open follow
 * streams end (a dropped connection). Timestamps come from a per-instance logical clock that starts at
 * the instance's start and gives every two consecutive lines the same timestamp, 300 ms after the
 * previous pair: so readers meet equal timestamps and several lines within one second (what
 * {@code sinceTime}, which has whole seconds, must cope with). Thread-safe; waiters are woken on change.
 */
public final class LogStore {

    /** One line as the kubelet stored it. */
    public record Entry(Instant timestamp, String text) {
    }

    private static final class Log {
        final List<Entry> lines = new ArrayList<>();
        final Instant start;
        boolean ended;
        int cuts;
        boolean abrupt;

        Log(Instant start) {
            this.start = start;
        }
    }

    private final Map<String, Log> logs = new HashMap<>();

    static String key(String podUid, String container, int restartCount) {
        return podUid + "/" + container + "/" + restartCount;
    }

    /** Creates the instance's log (a container that started and may print). */
    public synchronized void start(String podUid, String container, int restartCount) {
        logs.computeIfAbsent(key(podUid, container, restartCount), k -> newLog(podUid, container, restartCount));
        notifyAll();
    }

    /**
     * A new instance's log. Its clock starts now, and never before the last line of the instance before it: a
     * kubelet stamps lines with real time, so a restarted container's lines are always newer than its previous
     * instance's (the logical clock alone could run ahead of real time by 300 ms per two lines).
     */
    private Log newLog(String podUid, String container, int restartCount) {
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Log before = restartCount > 0 ? logs.get(key(podUid, container, restartCount - 1)) : null;
        if (before != null && !before.lines.isEmpty()) {
            Instant after = before.lines.get(before.lines.size() - 1).timestamp().plusMillis(1);
            if (after.isAfter(start)) {
                start = after;
            }
        }
        return new Log(start);
    }

    public synchronized boolean exists(String podUid, String container, int restartCount) {
        return logs.containsKey(key(podUid, container, restartCount));
    }

    /** Appends lines with the logical clock. */
    public synchronized void append(String podUid, String container, int restartCount, String... lines) {
        Log log = logs.computeIfAbsent(key(podUid, container, restartCount), k -> newLog(podUid, container, restartCount));
        for (String line : lines) {
            int n = log.lines.size();
            log.lines.add(new Entry(log.start.plusMillis(300L * (n / 2)), line));
        }
        notifyAll();
    }

    /** The container ended: follow streams end after the last line. */
    public synchronized void end(String podUid, String container, int restartCount) {
        Log log = logs.computeIfAbsent(key(podUid, container, restartCount), k -> newLog(podUid, container, restartCount));
        log.ended = true;
        notifyAll();
    }

    /** Ends every container log of a pod (the pod was deleted). */
    public synchronized void endAll(String podUid) {
        logs.forEach((k, v) -> {
            if (k.startsWith(podUid + "/")) {
                v.ended = true;
            }
        });
        notifyAll();
    }

    /** Makes the open follow streams of the instance end: gracefully (end of response) or abruptly (connection reset). */
    public synchronized void cut(String podUid, String container, int restartCount, boolean abrupt) {
        Log log = logs.get(key(podUid, container, restartCount));
        if (log != null) {
            log.cuts++;
            log.abrupt = abrupt;
        }
        notifyAll();
    }

    public synchronized List<Entry> lines(String podUid, String container, int restartCount) {
        Log log = logs.get(key(podUid, container, restartCount));
        return log == null ? List.of() : List.copyOf(log.lines);
    }

    public synchronized List<String> texts(String podUid, String container, int restartCount) {
        return lines(podUid, container, restartCount).stream().map(Entry::text).toList();
    }

    synchronized boolean ended(String podUid, String container, int restartCount) {
        Log log = logs.get(key(podUid, container, restartCount));
        return log == null || log.ended;
    }

    synchronized int cuts(String podUid, String container, int restartCount) {
        Log log = logs.get(key(podUid, container, restartCount));
        return log == null ? 0 : log.cuts;
    }

    synchronized boolean abrupt(String podUid, String container, int restartCount) {
        Log log = logs.get(key(podUid, container, restartCount));
        return log != null && log.abrupt;
    }

    /** Waits up to {@code millis} for any change. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        wait(millis);
    }
}

package io.modelarts.train.backend.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Splits the bytes of a Kubernetes log response ({@code timestamps=true}: {@code <RFC 3339 time> <text>\n})
 * into lines and decides, with a moving {@link LogCursor}, which lines are new. Not thread-safe: one
 * instance per container instance, driven by one stream at a time.
 *
 * <p>Memory is bounded: a line longer than {@link #MAX_LINE_BYTES} is cut there and the rest of it is
 * dropped (the line still counts once for the cursor).
 */
final class LogLines {

    /** Longest line kept; the kubelet itself splits lines at 16 KiB, so this only guards against a misbehaving server. */
    static final int MAX_LINE_BYTES = 256 * 1024;

    /** One parsed line: its timestamp text (null when the line had none) and text. */
    record Line(String timestamp, Instant instant, String text) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean overflow;

    // the cursor: the last delivered line's timestamp and how many delivered lines carry it
    private String lastText;
    private Instant last;
    private int countAtLast;
    // the current connection: lines up to startAt, and the first skipAtStart lines stamped startAt, were delivered before
    private Instant startAt;
    private int skipAtStart;

    LogLines(LogCursor cursor) {
        if (cursor != null && cursor.lastTimestamp() != null) {
            lastText = cursor.lastTimestamp();
            last = parseInstant(cursor.lastTimestamp());
            countAtLast = cursor.linesAtTimestamp();
        }
        beginConnection();
    }

    /** Starts reading a new response: forgets any partial line and re-arms the duplicate filter at the cursor. */
    void beginConnection() {
        pending.reset();
        overflow = false;
        startAt = last;
        skipAtStart = last == null ? 0 : countAtLast;
    }

    /** The {@code sinceTime} to ask for: the cursor's time, or null to read from the start. */
    String sinceTime() {
        return lastText;
    }

    LogCursor cursor(boolean finished) {
        return new LogCursor(lastText, countAtLast, finished);
    }

    /** Feeds response bytes; every complete new line goes to {@code out}. */
    void feed(byte[] data, int offset, int length, Consumer<String> out) {
        int end = offset + length;
        int from = offset;
        for (int i = offset; i < end; i++) {
            if (data[i] == '\n') {
                append(data, from, i - from);
                completeLine(out);
                from = i + 1;
            }
        }
        if (from < end) {
            append(data, from, end - from);
        }
    }

    /** The response ended normally: a last line without a line break is a line too. */
    void endOfResponse(Consumer<String> out) {
        if (pending.size() > 0 || overflow) {
            completeLine(out);
        }
    }

    /** True while a partial line waits for its end. */
    boolean hasPartialLine() {
        return pending.size() > 0 || overflow;
    }

    private void append(byte[] data, int from, int length) {
        int room = MAX_LINE_BYTES - pending.size();
        if (length > room) {
            overflow = true;
            length = Math.max(0, room);
        }
        pending.write(data, from, length);
    }

    private void completeLine(Consumer<String> out) {
        String raw = pending.toString(StandardCharsets.UTF_8);
        boolean cut = overflow;
        pending.reset();
        overflow = false;
        if (raw.endsWith("\r")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        Line line = parse(raw);
        if (accept(line)) {
            out.accept(cut ? line.text() + " [line cut at " + MAX_LINE_BYTES + " bytes]" : line.text());
        }
    }

    /** Updates the cursor and says whether {@code line} is new. */
    boolean accept(Line line) {
        if (line.instant() == null) {
            return true; // no timestamp: cannot be deduplicated, never dropped
        }
        Instant t = line.instant();
        if (startAt != null) {
            if (t.isBefore(startAt)) {
                return false;
            }
            if (t.equals(startAt) && skipAtStart > 0) {
                skipAtStart--;
                return false;
            }
        }
        if (last == null || t.isAfter(last)) {
            last = t;
            lastText = line.timestamp();
            countAtLast = 1;
        } else if (t.equals(last)) {
            countAtLast++;
        }
        return true;
    }

    static Line parse(String raw) {
        int space = raw.indexOf(' ');
        if (space > 0) {
            String ts = raw.substring(0, space);
            Instant i = parseInstant(ts);
            if (i != null) {
                return new Line(ts, i, raw.substring(space + 1));
            }
        } else if (!raw.isEmpty()) {
            Instant i = parseInstant(raw);
            if (i != null) {
                return new Line(raw, i, ""); // an empty line: the timestamp alone
            }
        }
        return new Line(null, null, raw);
    }

    static Instant parseInstant(String text) {
        if (text == null || text.length() < 20 || text.charAt(4) != '-' || text.charAt(10) != 'T') {
            return null;
        }
        Instant fast = parseUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The kubelet's own form, {@code 2026-11-28T23:03:17.123456789Z}, read by hand: the general parser
     * took half of the log thread's time in the benchmark. Anything else returns null (the general parser decides).
     */
    static Instant parseUtc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(10) != 'T' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int fraction = digits(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code t[from, to)}, or -1 when any of it is not a digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

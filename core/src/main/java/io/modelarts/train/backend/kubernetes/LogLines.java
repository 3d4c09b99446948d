package io.modelarts.train.backend.kubernetes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Splits the bytes of a Kubernetes log response ({@code timestamps=true}: {@code <RFC 3339 time> <text>\n})
 * into lines and decides, with a moving {@link LogCursor}, which lines are new. Not thread-safe: one
 * instance per container instance, driven by one stream at a time.
 *
 * <p>Works on bytes: the new lines of a chunk are handed on as one block of UTF-8 text (timestamps removed,
 * invalid UTF-8 replaced), with no {@code String} per line. Timestamps in the kubelet's own form are read by hand;
 * the seconds part is only parsed when it changes.
 *
 * <p>Memory is bounded: a line longer than {@link #MAX_LINE_BYTES} is cut there and the rest of it is
 * dropped (the line still counts once for the cursor).
 */
final class LogLines {

    /** Longest line kept; the kubelet itself splits lines at 16 KiB, so this only guards against a misbehaving server. */
    static final int MAX_LINE_BYTES = 256 * 1024;
    private static final byte[] CUT = (" [line cut at " + MAX_LINE_BYTES + " bytes]").getBytes(StandardCharsets.US_ASCII);

    /** Receives the new lines of one chunk: {@code utf8[0, length)} holds {@code lines} lines, each ended by {@code '\n'}. */
    interface Block {
        void lines(byte[] utf8, int length, int lines);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    // a line whose end has not arrived yet
    private byte[] pending;
    private int pendingLength;
    private boolean overflow;

    // the block being built by the current feed
    private byte[] out;
    private int outLength;
    private int outLines;

    // the cursor: the last delivered line's timestamp and how many delivered lines carry it
    private boolean hasLast;
    private long lastSecond;
    private int lastNano;
    private byte[] lastText = new byte[32];
    private int lastTextLength = -1;
    private String lastTextString;
    private int countAtLast;
    // the current connection: lines up to start, and the first skipAtStart lines stamped start, were delivered before
    private boolean hasStart;
    private long startSecond;
    private int startNano;
    private int skipAtStart;

    // the timestamp just read by stamp(), and the seconds part of the last one parsed by hand
    private long second;
    private int nano;
    private final byte[] secondKey = new byte[19];
    private boolean secondKeyValid;
    private long secondKeyValue;

    LogLines(LogCursor cursor) {
        if (cursor != null && cursor.lastTimestamp() != null) {
            byte[] t = cursor.lastTimestamp().getBytes(StandardCharsets.UTF_8);
            rememberText(t, 0, t.length);
            Instant i = parseInstant(cursor.lastTimestamp());
            if (i != null) {
                hasLast = true;
                lastSecond = i.getEpochSecond();
                lastNano = i.getNano();
            }
            countAtLast = cursor.linesAtTimestamp();
        }
        beginConnection();
    }

    /** Starts reading a new response: forgets any partial line and re-arms the duplicate filter at the cursor. */
    void beginConnection() {
        pendingLength = 0;
        overflow = false;
        hasStart = hasLast;
        startSecond = lastSecond;
        startNano = lastNano;
        skipAtStart = hasLast ? countAtLast : 0;
    }

    /** The {@code sinceTime} to ask for: the cursor's time, or null to read from the start. */
    String sinceTime() {
        if (lastTextLength < 0) {
            return null;
        }
        if (lastTextString == null) {
            lastTextString = new String(lastText, 0, lastTextLength, StandardCharsets.UTF_8);
        }
        return lastTextString;
    }

    LogCursor cursor(boolean finished) {
        return new LogCursor(sinceTime(), countAtLast, finished);
    }

    /** Feeds response bytes; the complete new lines among them go to {@code to} as one block (none: no call). */
    void feed(byte[] data, int offset, int length, Block to) {
        out = null;
        outLength = 0;
        outLines = 0;
        int end = offset + length;
        int from = offset;
        while (from < end) {
            // one pass finds the line's end and whether it is plain ASCII (no UTF-8 check needed then),
            // eight bytes at a time; a non-ASCII byte just after the line only costs an exact check later
            int i = from;
            long high = 0;
            while (i + 8 <= end) {
                long w = (long) LONGS.get(data, i);
                high |= w;
                long x = w ^ NEWLINES;
                long zero = (x - ONES) & ~x & HIGH_BITS;
                if (zero != 0) {
                    i += Long.numberOfTrailingZeros(zero) >>> 3;
                    break;
                }
                i += 8;
            }
            int bits = (high & HIGH_BITS) == 0 ? 0 : -1;
            while (i < end && data[i] != '\n') {
                bits |= data[i];
                i++;
            }
            if (i == end) {
                appendPending(data, from, end - from);
                break;
            }
            if (pendingLength > 0 || overflow) {
                appendPending(data, from, i - from);
                line(pending, 0, pendingLength, overflow, false, length);
                releasePending();
            } else {
                line(data, from, i, false, bits >= 0, length);
            }
            from = i + 1;
        }
        emit(to);
    }

    /** The response ended normally: a last line without a line break is a line too. */
    void endOfResponse(Block to) {
        out = null;
        outLength = 0;
        outLines = 0;
        if (pendingLength > 0 || overflow) {
            line(pending, 0, pendingLength, overflow, false, pendingLength);
            releasePending();
        }
        emit(to);
    }

    /** True while a partial line waits for its end. */
    boolean hasPartialLine() {
        return pendingLength > 0 || overflow;
    }

    private void emit(Block to) {
        if (outLines > 0) {
            byte[] block = out;
            int n = outLength;
            int lines = outLines;
            out = null;
            to.lines(block, n, lines);
        }
    }

    private void appendPending(byte[] data, int from, int length) {
        int room = MAX_LINE_BYTES - pendingLength;
        if (length > room) {
            overflow = true;
            length = Math.max(0, room);
        }
        if (length == 0) {
            return;
        }
        if (pending == null || pending.length - pendingLength < length) {
            int size = Math.max(pendingLength + length, pending == null ? 256 : Math.min(MAX_LINE_BYTES, pending.length * 2));
            pending = pending == null ? new byte[size] : Arrays.copyOf(pending, size);
        }
        System.arraycopy(data, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private void releasePending() {
        pendingLength = 0;
        overflow = false;
        if (pending != null && pending.length > 16 * 1024) {
            pending = null; // a long line was a one-off: do not keep its buffer for the life of the stream
        }
    }

    /** One complete line {@code b[s, e)} (no {@code '\n'}): updates the cursor and, when new, adds its text to the block. */
    private void line(byte[] b, int s, int e, boolean cut, boolean ascii, int hint) {
        if (e > s && b[e - 1] == '\r') {
            e--;
        }
        int space = s;
        while (space < e && b[space] != ' ') {
            space++;
        }
        int textFrom = s;
        if (space > s && stamp(b, s, space)) {
            if (hasStart) {
                int c = compare(second, nano, startSecond, startNano);
                if (c < 0) {
                    return;
                }
                if (c == 0 && skipAtStart > 0) {
                    skipAtStart--;
                    return;
                }
            }
            int c = hasLast ? compare(second, nano, lastSecond, lastNano) : 1;
            if (c > 0) {
                hasLast = true;
                lastSecond = second;
                lastNano = nano;
                rememberText(b, s, space);
                countAtLast = 1;
            } else if (c == 0) {
                countAtLast++;
            }
            textFrom = space < e ? space + 1 : e;
        }
        // no timestamp: cannot be deduplicated, never dropped
        addText(b, textFrom, e, cut, ascii, hint);
    }

    private void addText(byte[] b, int from, int to, boolean cut, boolean ascii, int hint) {
        byte[] text = b;
        int length = to - from;
        if (!ascii && !isAscii(b, from, to)) {
            // decoding and encoding again replaces invalid UTF-8, so every sink gets valid text
            text = new String(b, from, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            from = 0;
            length = text.length;
        }
        int need = length + (cut ? CUT.length : 0) + 1;
        if (out == null) {
            out = new byte[Math.max(need, hint + 64)];
        } else if (out.length - outLength < need) {
            out = Arrays.copyOf(out, Math.max(outLength + need, out.length * 2));
        }
        System.arraycopy(text, from, out, outLength, length);
        outLength += length;
        if (cut) {
            System.arraycopy(CUT, 0, out, outLength, CUT.length);
            outLength += CUT.length;
        }
        out[outLength++] = '\n';
        outLines++;
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private void rememberText(byte[] b, int from, int to) {
        int n = to - from;
        if (lastText.length < n) {
            lastText = new byte[n];
        }
        System.arraycopy(b, from, lastText, 0, n);
        lastTextLength = n;
        lastTextString = null;
    }

    private static int compare(long s1, int n1, long s2, int n2) {
        int c = Long.compare(s1, s2);
        return c != 0 ? c : Integer.compare(n1, n2);
    }

    /** Reads the timestamp {@code b[s, e)} into {@link #second}/{@link #nano}; false when it is none. */
    private boolean stamp(byte[] b, int s, int e) {
        int n = e - s;
        if (n < 20 || b[s + 4] != '-' || b[s + 10] != 'T') {
            return false;
        }
        if (b[e - 1] == 'Z') {
            int fraction = nanos(b, s, e);
            if (fraction >= 0) {
                long sec;
                if (secondKeyValid && Arrays.equals(b, s, s + 19, secondKey, 0, 19)) {
                    sec = secondKeyValue;
                } else {
                    sec = epochSecond(b, s);
                    if (sec != Long.MIN_VALUE) {
                        System.arraycopy(b, s, secondKey, 0, 19);
                        secondKeyValue = sec;
                        secondKeyValid = true;
                    }
                }
                if (sec != Long.MIN_VALUE) {
                    second = sec;
                    nano = fraction;
                    return true;
                }
            }
        }
        // other forms (an offset instead of Z): the general parser
        Instant i = parseInstant(new String(b, s, n, StandardCharsets.ISO_8859_1));
        if (i == null) {
            return false;
        }
        second = i.getEpochSecond();
        nano = i.getNano();
        return true;
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
        if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z') {
            return null;
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c > 127) {
                return null;
            }
            b[i] = (byte) c;
        }
        long sec = epochSecond(b, 0);
        int fraction = nanos(b, 0, n);
        return sec == Long.MIN_VALUE || fraction < 0 ? null : Instant.ofEpochSecond(sec, fraction);
    }

    /** {@code YYYY-MM-DDTHH:MM:SS} at {@code b[s]} as epoch seconds (UTC), or {@link Long#MIN_VALUE}. */
    private static long epochSecond(byte[] b, int s) {
        if (b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != 'T' || b[s + 13] != ':' || b[s + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, s, s + 4);
        int month = digits(b, s + 5, s + 7);
        int day = digits(b, s + 8, s + 10);
        int hour = digits(b, s + 11, s + 13);
        int minute = digits(b, s + 14, s + 16);
        int sec = digits(b, s + 17, s + 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || sec < 0 || sec > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + sec;
    }

    /** The fraction of {@code b[s, e)} ({@code ...SS.fffZ} or {@code ...SSZ}) in nanoseconds, or -1. */
    private static int nanos(byte[] b, int s, int e) {
        int n = e - s;
        if (n == 20) {
            return b[s + 19] == 'Z' ? 0 : -1;
        }
        int digits = n - 21;
        if (b[s + 19] != '.' || digits < 1 || digits > 9) {
            return -1;
        }
        int fraction = digits(b, s + 20, e - 1);
        if (fraction < 0) {
            return -1;
        }
        for (int i = digits; i < 9; i++) {
            fraction *= 10;
        }
        return fraction;
    }

    /** The decimal number in {@code b[from, to)}, or -1 when any of it is not a digit. */
    private static int digits(byte[] b, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }
}

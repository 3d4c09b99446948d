package io.modelarts.train.metrics;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.metrics.MetricRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads metrics from one worker's log as it streams past (a member of the run's sink tee, so the log file is never
 * read a second time): each line a {@code metrics:} regex finds a match in is a point (first group = value), and so is
 * each line that is a JSON object {@code {"metric": ..., "value": ..., "step": ...}}.
 *
 * <p>Fast on a busy log: on the block path only lines that contain a regex's literal prefix (e.g.
 * {@code "validation accuracy "}) or {@code "metric"} are matched; the rest of the block is only searched, eight bytes
 * at a time, for the rarest byte of each prefix. A regex without a literal prefix of 3 bytes or more is tried on
 * every line.
 *
 * <p>Never throws and never holds a line back: it only records. A value that is not a number is reported once per
 * metric through {@code warnings} and its lines are not counted.
 */
public final class MetricsRecorder implements JobEventSink {

    /** The worker whose log holds the metrics (ModelArts reads worker 0, the chief). */
    public static final String DEFAULT_WORKER = "worker-0";

    private static final byte[] JSON_KEY = "\"metric\"".getBytes(StandardCharsets.US_ASCII);

    private record Rule(String name, Pattern pattern, Matcher matcher, ByteSearch literal) {
    }

    private final String worker;
    private final List<Rule> rules = new ArrayList<>();
    private final List<ByteSearch> searches = new ArrayList<>();
    private final boolean everyLine;
    private final Consumer<String> warnings;
    private final Map<String, Points> points = new LinkedHashMap<>();
    private final Set<String> warned = new HashSet<>();
    private final AsciiLine ascii = new AsciiLine();
    private int[] candidates = new int[64];
    private final Scanner scanner;

    /**
     * @param rules    the job's {@code metrics:}; a rule whose regex does not compile or has no group is skipped with a warning
     * @param worker   whose lines to read ({@link #DEFAULT_WORKER})
     * @param warnings where one-line warnings go (the build console through the platform messages)
     */
    public MetricsRecorder(List<MetricRule> rules, String worker, Consumer<String> warnings) {
        this.worker = worker;
        this.warnings = warnings == null ? w -> { } : warnings;
        boolean all = false;
        for (MetricRule r : rules) {
            Pattern p;
            try {
                p = Pattern.compile(r.regex());
            } catch (PatternSyntaxException | NullPointerException e) {
                warn("metrics: " + r.name() + ": the regex does not compile; the metric is not read");
                continue;
            }
            if (p.matcher("").groupCount() < 1) {
                warn("metrics: " + r.name() + ": the regex has no group; the metric is not read");
                continue;
            }
            String literal = literalPrefix(r.regex());
            byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
            ByteSearch search = bytes.length >= 3 ? new ByteSearch(bytes) : null;
            all |= search == null;
            if (search != null) {
                searches.add(search);
            }
            this.rules.add(new Rule(r.name(), p, p.matcher(""), search));
        }
        searches.add(new ByteSearch(JSON_KEY));
        this.everyLine = all;
        this.scanner = new Scanner(searches);
    }

    /** The metrics recorded so far, each with at least one point. */
    public synchronized RunMetrics metrics() {
        List<MetricSeries> all = new ArrayList<>();
        points.forEach((name, p) -> {
            if (p.size > 0) {
                all.add(new MetricSeries(name, Arrays.copyOf(p.steps, p.size), Arrays.copyOf(p.values, p.size)));
            }
        });
        return new RunMetrics(all);
    }

    @Override
    public void status(JobStatus status, String reason) {
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void log(String worker, String line) {
        if (!ours(worker) || line == null) {
            return;
        }
        synchronized (this) {
            try {
                examine(line);
            } catch (RuntimeException e) {
                warn("metrics: a line could not be read (" + e + "); the log itself is unaffected");
            }
        }
    }

    @Override
    public void logLines(String worker, byte[] utf8, int from, int to) {
        if (!ours(worker)) {
            return;
        }
        synchronized (this) {
            try {
                if (everyLine) {
                    JobEventSink.forEachLine(utf8, from, to, this::examine);
                } else {
                    examineCandidates(utf8, from, to);
                }
            } catch (RuntimeException e) {
                warn("metrics: a block of lines could not be read (" + e + "); the log itself is unaffected");
            }
        }
    }

    private boolean ours(String w) {
        return worker.equals(w == null ? DEFAULT_WORKER : w);
    }

    /** Only the lines holding a literal of some rule, or "metric", each once and in order. */
    private void examineCandidates(byte[] b, int from, int to) {
        int n = scanner.lineStarts(b, from, to, this);
        if (n == 0) {
            return;
        }
        Arrays.sort(candidates, 0, n);
        int previous = -1;
        for (int k = 0; k < n; k++) {
            int start = candidates[k];
            if (start == previous) {
                continue;
            }
            previous = start;
            int end = lineEnd(b, start, to);
            int len = end - start;
            if (len > 0 && b[end - 1] == '\r') {
                len--;
            }
            examine(ascii.isAscii(b, start, len) ? ascii.wrap(b, start, len) : new String(b, start, len, StandardCharsets.UTF_8));
        }
    }

    /** Adds the start of the line holding {@code at} to the candidates; returns their new count. */
    int addCandidate(byte[] b, int from, int at, int n) {
        int start = at;
        while (start > from && b[start - 1] != '\n') {
            start--;
        }
        if (n == candidates.length) {
            candidates = Arrays.copyOf(candidates, n * 2);
        }
        candidates[n] = start;
        return n + 1;
    }

    private static int lineEnd(byte[] b, int at, int to) {
        int end = at;
        while (end < to && b[end] != '\n') {
            end++;
        }
        return end;
    }

    private void examine(CharSequence line) {
        for (Rule r : rules) {
            Matcher m = r.matcher.reset(line);
            if (m.find()) {
                String group = m.group(1);
                record(r.name, group, null, line);
            }
        }
        if (line.length() > 0 && firstNonSpace(line) == '{') {
            String text = line.toString();
            if (text.contains("\"metric\"")) {
                JsonMetricLine j = JsonMetricLine.parse(text);
                if (j != null) {
                    record(j.metric(), j.value(), j.step(), text);
                }
            }
        }
    }

    private static char firstNonSpace(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return 0;
    }

    private void record(String name, String valueText, Double step, CharSequence line) {
        double v;
        try {
            v = valueText == null ? Double.NaN : Double.parseDouble(valueText.strip());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            if (warned.add(name)) {
                String shown = line.length() > 200 ? line.subSequence(0, 200) + "..." : line.toString();
                warn("metrics: " + name + ": value " + (valueText == null ? "(none)" : "'" + valueText + "'")
                        + " is not a number, in the line \"" + shown + "\"; such lines are not counted (warned once per metric)");
            }
            return;
        }
        Points p = points.computeIfAbsent(name, k -> new Points());
        p.add(step != null && Double.isFinite(step) ? step : p.size, v);
    }

    private void warn(String message) {
        try {
            warnings.accept(message);
        } catch (RuntimeException e) {
            // a broken console must not break reading metrics
        }
    }

    /**
     * The literal text every match of {@code regex} starts with, as far as it can be read off simply: characters up to
     * the first one with a special meaning (an optional character is left out). Empty when the regex has an
     * alternation, since then no single prefix is required.
     */
    static String literalPrefix(String regex) {
        if (regex == null || regex.indexOf('|') >= 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int i = regex.startsWith("^") ? 1 : 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            int next = i + 1;
            char literal;
            if (c == '\\') {
                if (next >= regex.length()) {
                    break;
                }
                char e = regex.charAt(next);
                if (".[]{}()*+?^$|\\/-\"':=#".indexOf(e) < 0 && e != ' ') {
                    break; // a class (\d, \s...), an anchor (\b) or a quote (\Q): not one literal character
                }
                literal = e;
                next++;
            } else if (".[]{}()*+?^$".indexOf(c) >= 0) {
                break;
            } else {
                literal = c;
            }
            if (next < regex.length() && "?*{".indexOf(regex.charAt(next)) >= 0) {
                break; // this character may be absent
            }
            sb.append(literal);
            if (next < regex.length() && regex.charAt(next) == '+') {
                break; // at least once: still required, but nothing after it is at a fixed place
            }
            i = next;
        }
        return sb.toString();
    }

    /** Growable arrays of one metric's points. */
    private static final class Points {
        double[] steps = new double[16];
        double[] values = new double[16];
        int size;

        void add(double step, double value) {
            if (size == values.length) {
                steps = Arrays.copyOf(steps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            steps[size] = step;
            values[size] = value;
            size++;
        }
    }

    /**
     * A byte string found by its rarest byte (by a fixed guess of how common each byte is in logs: {@code v} is rarer than
     * {@code e}, a quote rarer than a digit): that byte is looked for eight bytes at a time (a word-wide compare, no
     * branch per byte), and only where it occurs is the whole string compared.
     */
    static final class ByteSearch {
        private static final java.lang.invoke.VarHandle LONGS =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;
        private static final String COMMON = " 0123456789.etaoinsrhldcu=:m,-fpgw/y_b";

        final byte[] bytes;
        final int anchorAt;
        private final long anchorWord;

        ByteSearch(byte[] bytes) {
            this.bytes = bytes;
            int best = 0;
            for (int i = 1; i < bytes.length; i++) {
                if (commonness(bytes[i]) <= commonness(bytes[best])) {
                    best = i;
                }
            }
            this.anchorAt = best;
            this.anchorWord = ONES * (bytes[best] & 0xff);
        }

        /** Higher is more common; bytes not in the list (quotes, braces, capitals, UTF-8) are the rarest. */
        private static int commonness(byte b) {
            int i = COMMON.indexOf(b & 0xff);
            return i < 0 ? 0 : COMMON.length() - i;
        }

        /** The first position of the string in {@code b[from, to)}, or -1. */
        int indexOf(byte[] b, int from, int to) {
            int m = bytes.length;
            int i = from + anchorAt;
            int last = to - (m - anchorAt); // the anchor's last possible position
            byte anchor = bytes[anchorAt];
            while (i <= last) {
                int at = -1;
                int limit = Math.min(last, to - 8);
                for (; i <= limit; i += 8) {
                    long x = (long) LONGS.get(b, i) ^ anchorWord;
                    long found = (x - ONES) & ~x & HIGHS;
                    if (found != 0) {
                        at = i + (Long.numberOfTrailingZeros(found) >>> 3);
                        break;
                    }
                }
                if (at < 0) {
                    for (; i <= last; i++) {
                        if (b[i] == anchor) {
                            at = i;
                            break;
                        }
                    }
                    if (at < 0) {
                        return -1;
                    }
                }
                if (at > last) {
                    return -1;
                }
                int start = at - anchorAt;
                if (Arrays.equals(b, start, start + m, bytes, 0, m)) {
                    return start;
                }
                i = at + 1;
            }
            return -1;
        }
    }

    /**
     * Every {@link ByteSearch} of a recorder in one pass over a block: each eight-byte word is loaded once and tested
     * for every distinct anchor byte; where one occurs, the strings anchored on it are compared.
     */
    static final class Scanner {
        private static final java.lang.invoke.VarHandle LONGS =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;

        private final long[] anchorWords;
        private final ByteSearch[][] byAnchor = new ByteSearch[256][];

        Scanner(List<ByteSearch> searches) {
            java.util.LinkedHashMap<Integer, List<ByteSearch>> groups = new java.util.LinkedHashMap<>();
            for (ByteSearch s : searches) {
                groups.computeIfAbsent(s.bytes[s.anchorAt] & 0xff, k -> new ArrayList<>()).add(s);
            }
            anchorWords = new long[groups.size()];
            int i = 0;
            for (Map.Entry<Integer, List<ByteSearch>> e : groups.entrySet()) {
                anchorWords[i++] = ONES * e.getKey();
                byAnchor[e.getKey()] = e.getValue().toArray(ByteSearch[]::new);
            }
        }

        /** Adds the start of every line of {@code b[from, to)} that holds one of the strings; returns how many were added. */
        int lineStarts(byte[] b, int from, int to, MetricsRecorder r) {
            int n = 0;
            int i = from;
            long[] words = anchorWords;
            // the usual one to three distinct anchors get a loop without an inner loop
            long a0 = words[0];
            long a1 = words.length > 1 ? words[1] : a0;
            long a2 = words.length > 2 ? words[2] : a1;
            boolean few = words.length <= 3;
            for (; i + 8 <= to; i += 8) {
                long x = (long) LONGS.get(b, i);
                long found;
                if (few) {
                    long y0 = x ^ a0;
                    long y1 = x ^ a1;
                    long y2 = x ^ a2;
                    found = ((y0 - ONES) & ~y0 | (y1 - ONES) & ~y1 | (y2 - ONES) & ~y2) & HIGHS;
                } else {
                    found = 0;
                    for (long w : words) {
                        long y = x ^ w;
                        found |= (y - ONES) & ~y & HIGHS;
                    }
                }
                while (found != 0) {
                    // a flag above a true hit may be false (a borrow): the byte itself is checked
                    int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
                    n = check(b, from, to, at, n, r);
                    found &= found - 1;
                }
            }
            for (; i < to; i++) {
                n = check(b, from, to, i, n, r);
            }
            return n;
        }

        private int check(byte[] b, int from, int to, int at, int n, MetricsRecorder r) {
            ByteSearch[] group = byAnchor[b[at] & 0xff];
            if (group == null) {
                return n;
            }
            for (ByteSearch s : group) {
                int start = at - s.anchorAt;
                int m = s.bytes.length;
                if (start >= from && start + m <= to && Arrays.equals(b, start, start + m, s.bytes, 0, m)) {
                    return r.addCandidate(b, from, start, n); // one candidate per position is enough
                }
            }
            return n;
        }
    }

    /** An ASCII line of a block seen as characters without copying it (the common case: no decoding needed). */
    private static final class AsciiLine implements CharSequence {
        private byte[] b;
        private int off;
        private int len;

        boolean isAscii(byte[] bytes, int from, int n) {
            for (int i = from, end = from + n; i < end; i++) {
                if (bytes[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        AsciiLine wrap(byte[] bytes, int from, int n) {
            b = bytes;
            off = from;
            len = n;
            return this;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            return (char) b[off + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(b, off + start, end - start, StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return new String(b, off, len, StandardCharsets.US_ASCII);
        }
    }
}

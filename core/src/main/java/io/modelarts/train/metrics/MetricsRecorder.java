package io.modelarts.train.metrics;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.spec.MetricRule;

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
 * {@code "validation accuracy "}) or {@code "metric"} are decoded and matched; the rest of the block is skipped by a
 * Boyer-Moore-Horspool search. A regex without a literal prefix of 3 bytes or more is tried on every line.
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
        int n = 0;
        for (ByteSearch s : searches) {
            int at = s.indexOf(b, from, to);
            while (at >= 0) {
                int start = at;
                while (start > from && b[start - 1] != '\n') {
                    start--;
                }
                if (n == candidates.length) {
                    candidates = Arrays.copyOf(candidates, n * 2);
                }
                candidates[n++] = start;
                int end = lineEnd(b, at, to);
                at = end >= to ? -1 : s.indexOf(b, end + 1, to);
            }
        }
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

    /** A byte string found by Boyer-Moore-Horspool: most positions of a block are skipped, not compared. */
    static final class ByteSearch {
        private final byte[] bytes;
        private final int[] shift = new int[256];

        ByteSearch(byte[] bytes) {
            this.bytes = bytes;
            int m = bytes.length;
            Arrays.fill(shift, m);
            for (int i = 0; i < m - 1; i++) {
                shift[bytes[i] & 0xff] = m - 1 - i;
            }
        }

        int indexOf(byte[] b, int from, int to) {
            int m = bytes.length;
            byte last = bytes[m - 1];
            for (int i = from + m - 1; i < to; ) {
                byte c = b[i];
                if (c == last && Arrays.equals(b, i - m + 1, i + 1, bytes, 0, m)) {
                    return i - m + 1;
                }
                i += shift[c & 0xff];
            }
            return -1;
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

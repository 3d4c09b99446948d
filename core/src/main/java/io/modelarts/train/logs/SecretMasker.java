package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sink decorator that replaces every secret value with {@value #MASK} in log lines, platform
 * messages and status reasons before they reach the delegate.
 *
 * <p>Lines are masked one at a time. A secret that spans several lines (a PEM key, a JSON credential
 * file) is therefore also masked line by line: each of its lines longer than
 * {@value #MIN_PART_LENGTH} characters is treated as a secret of its own, so no line of it shows.
 * Longer secrets are replaced first, so a secret containing another one is masked whole.
 */
public final class SecretMasker implements JobEventSink {

    public static final String MASK = "****";
    /** Lines of a multi-line secret shorter than this (e.g. "{" or "-----") are not masked on their own. */
    static final int MIN_PART_LENGTH = 4;

    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

    private final JobEventSink delegate;
    private final List<String> secrets;
    /** The secrets a single line can hold (no line break), as UTF-8, in the same order: for blocks of lines. */
    private final List<BytePattern> linePatterns;

    public SecretMasker(JobEventSink delegate, Collection<String> secrets) {
        this.delegate = delegate;
        this.secrets = patterns(secrets);
        this.linePatterns = this.secrets.stream().filter(x -> x.indexOf('\n') < 0 && x.indexOf('\r') < 0)
                .map(x -> new BytePattern(x.getBytes(StandardCharsets.UTF_8))).toList();
    }

    /** {@code delegate} itself when there is nothing to mask, otherwise a masking decorator. */
    public static JobEventSink wrap(JobEventSink delegate, Collection<String> secrets) {
        List<String> p = patterns(secrets);
        return p.isEmpty() ? delegate : new SecretMasker(delegate, secrets);
    }

    /** {@code text} with every secret replaced by {@value #MASK}; {@code null} stays {@code null}. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    @Override
    public void status(JobStatus status, String reason) {
        delegate.status(status, mask(reason));
    }

    @Override
    public void log(String worker, String line) {
        delegate.log(worker, mask(line));
    }

    /**
     * Masks a block of lines as bytes. Valid UTF-8 matches byte for byte exactly where its text matches, and
     * no pattern used here spans a line break, so this masks exactly as {@link #log} does line by line; a block
     * without any secret is passed on as it is.
     */
    @Override
    public void logLines(String worker, byte[] utf8, int from, int to) {
        byte[] b = utf8;
        int f = from;
        int t = to;
        for (BytePattern p : linePatterns) {
            int at = p.indexOf(b, f, t);
            if (at < 0) {
                continue;
            }
            byte[] out = new byte[t - f + MASK_BYTES.length]; // grows below when short secrets make the text longer
            int n = 0;
            int start = f;
            while (at >= 0) {
                int need = n + (at - start) + MASK_BYTES.length;
                if (need > out.length) {
                    out = Arrays.copyOf(out, Math.max(need, out.length * 2));
                }
                System.arraycopy(b, start, out, n, at - start);
                n += at - start;
                System.arraycopy(MASK_BYTES, 0, out, n, MASK_BYTES.length);
                n += MASK_BYTES.length;
                start = at + p.bytes.length;
                at = p.indexOf(b, start, t);
            }
            if (n + (t - start) > out.length) {
                out = Arrays.copyOf(out, n + (t - start));
            }
            System.arraycopy(b, start, out, n, t - start);
            n += t - start;
            b = out;
            f = 0;
            t = n;
        }
        delegate.logLines(worker, b, f, t);
    }

    @Override
    public void info(String message) {
        delegate.info(mask(message));
    }

    /** A byte string found by Boyer-Moore-Horspool: most positions of a long secret are skipped, not compared. */
    static final class BytePattern {
        final byte[] bytes;
        private final int[] shift = new int[256];

        BytePattern(byte[] bytes) {
            this.bytes = bytes;
            int m = bytes.length;
            Arrays.fill(shift, m);
            for (int i = 0; i < m - 1; i++) {
                shift[bytes[i] & 0xff] = m - 1 - i;
            }
        }

        /** The first position of the pattern in {@code b[from, to)}, or -1. */
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

    private static List<String> patterns(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        if (secrets != null) {
            for (String s : secrets) {
                if (s == null || s.isEmpty()) {
                    continue;
                }
                all.add(s);
                if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                    for (String part : s.split("\r\n|\r|\n")) {
                        String t = part.strip();
                        if (t.length() >= MIN_PART_LENGTH) {
                            all.add(t);
                        }
                    }
                }
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }
}

package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.util.ArrayList;
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

    private final JobEventSink delegate;
    private final List<String> secrets;

    public SecretMasker(JobEventSink delegate, Collection<String> secrets) {
        this.delegate = delegate;
        this.secrets = patterns(secrets);
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

    @Override
    public void info(String message) {
        delegate.info(mask(message));
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

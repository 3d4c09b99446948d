package io.modelarts.train.spec;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a job file starts (1-based line), keyed by the same field paths that problems
 * use ({@code inputs[0].dataPath}). Used to list problems in file order. Empty for trees that did not
 * come from text (Jenkins step parameters).
 */
public final class FieldLines {

    public static final FieldLines NONE = new FieldLines(Map.of(), Map.of());

    /** Returned by {@link #lineOf} when neither the field nor any of its parents is in the file. */
    public static final int UNKNOWN = Integer.MAX_VALUE;

    private final Map<String, Integer> lines;
    private final Map<String, Integer> lastLines;

    FieldLines(Map<String, Integer> lines, Map<String, Integer> lastLines) {
        this.lines = Collections.unmodifiableMap(new HashMap<>(lines));
        this.lastLines = Collections.unmodifiableMap(new HashMap<>(lastLines));
    }

    /** The line where {@code field} is written, or 0 when it is not in the file. */
    public int exactLine(String field) {
        Integer line = lines.get(field);
        return line == null ? 0 : line;
    }

    /**
     * The line of {@code field}, else of its nearest written parent ({@code resources} for a missing
     * {@code resources.flavor}); 0 for the whole file ({@code ""}); {@link #UNKNOWN} when not even
     * the top-level key is written.
     */
    public int lineOf(String field) {
        String f = field;
        while (f != null && !f.isEmpty()) {
            Integer line = lines.get(f);
            if (line != null) {
                return line;
            }
            f = parent(f);
        }
        return field == null || field.isEmpty() ? 0 : UNKNOWN;
    }

    /**
     * A sort key for problems about {@code field}: its own line when written; just after the last line
     * of its nearest written parent when not (where a missing key would go); {@code 0} for the whole
     * file; {@link Long#MAX_VALUE} when not even the top-level key is written.
     */
    public long orderOf(String field) {
        if (field == null || field.isEmpty()) {
            return 0;
        }
        Integer line = lines.get(field);
        if (line != null) {
            return 2L * line;
        }
        String f = parent(field);
        while (!f.isEmpty()) {
            Integer last = lastLines.get(f);
            if (last != null) {
                return 2L * last + 1;
            }
            f = parent(f);
        }
        return Long.MAX_VALUE;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** {@code a.b[2]} gives {@code a.b}, {@code a.b} gives {@code a}, {@code a} gives {@code ""}. */
    public static String parent(String field) {
        int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
        return cut <= 0 ? "" : field.substring(0, cut);
    }
}

package io.modelarts.train.spec;

import io.modelarts.train.rules.Problem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one mapping of a parsed YAML/JSON tree into typed values, recording a {@link Problem} with the
 * field path for every unknown key or wrong type instead of throwing. Shared by the job file and pool
 * catalog loaders so both report mistakes the same way.
 */
public final class TreeReader {

    private final Map<?, ?> map;
    private final String path;
    private final List<Problem> problems;
    private final Set<String> known;

    private TreeReader(Map<?, ?> map, String path, List<Problem> problems, Set<String> known) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        this.known = known;
    }

    /**
     * A reader over {@code value}, which must be a mapping; otherwise a problem is recorded and
     * {@code null} is returned. Keys not in {@code known} are reported at once.
     */
    public static TreeReader of(Object value, String path, List<Problem> problems, Set<String> known) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(Problem.error(path, "must be a mapping of " + describeKeys(known) + ", not " + typeName(value)));
            return null;
        }
        TreeReader reader = new TreeReader(m, path, problems, known);
        reader.reportUnknownKeys();
        return reader;
    }

    public String path() {
        return path;
    }

    public List<Problem> problems() {
        return problems;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public Object raw(String key) {
        return map.get(key);
    }

    public String field(String key) {
        return childPath(path, key);
    }

    /** Longer keys are cut in field paths, so that a 10,000-character key does not fill the screen. */
    public static final int MAX_KEY_IN_PATH = 64;

    /**
     * The field path of {@code key} under {@code parent}: {@code parent.key}, or just {@code key} at the
     * top. Keys longer than {@value #MAX_KEY_IN_PATH} characters are shown as their first 40 characters
     * followed by {@code ...}.
     */
    public static String childPath(String parent, String key) {
        String k = key;
        if (k.length() > MAX_KEY_IN_PATH) {
            int cut = Character.isHighSurrogate(k.charAt(39)) ? 39 : 40;
            k = k.substring(0, cut) + "...";
        }
        return parent == null || parent.isEmpty() ? k : parent + "." + k;
    }

    /** A text value; numbers and booleans are accepted and written as text (YAML {@code 2.3} for a version). */
    public String string(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        problems.add(Problem.error(field(key), "must be text, not " + typeName(v)));
        return null;
    }

    /** A whole number; a numeric string such as {@code "3"} is accepted (Jenkins passes numbers as strings). */
    public Integer integer(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof WrittenNumber w && w.value() instanceof Integer i) {
            return i; // an explicit !!int tag on a quoted scalar
        }
        if (v instanceof Long || v instanceof BigInteger) {
            problems.add(Problem.error(field(key), "must be a whole number, " + v + " is too large"));
            return null;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.matches("[-+]?\\d{1,9}")) {
                return Integer.valueOf(t);
            }
        }
        problems.add(Problem.error(field(key), "must be a whole number, not " + describeValue(v)));
        return null;
    }

    /** A boolean; the strings {@code true}/{@code false} are accepted. */
    public Boolean bool(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s.toLowerCase(Locale.ROOT));
        }
        problems.add(Problem.error(field(key), "must be true or false, not " + describeValue(v)));
        return null;
    }

    /** A list; a missing key gives an empty list, a non-list a problem and an empty list. */
    public List<Object> list(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        problems.add(Problem.error(field(key), "must be a list, not " + typeName(v)));
        return List.of();
    }

    /**
     * A mapping of names to text values, in the order written. Numbers and booleans become text;
     * nested structures and empty values are problems.
     */
    public Map<String, String> stringMap(String key) {
        Object v = map.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List<?> list) {
            // the Jenkins form shape: [[name: 'lr', value: '0.1'], ...]
            for (int i = 0; i < list.size(); i++) {
                TreeReader item = of(list.get(i), field(key) + "[" + i + "]", problems, Set.of("name", "value"));
                if (item == null) {
                    continue;
                }
                String name = item.string("name");
                String value = item.string("value");
                if (name == null) {
                    problems.add(Problem.error(item.field("name"), "is required"));
                } else if (out.containsKey(name)) {
                    problems.add(Problem.error(item.field("name"), "'" + name + "' is given twice"));
                } else {
                    out.put(name, value == null ? "" : value);
                }
            }
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            problems.add(Problem.error(field(key), "must be a mapping of names to values, not " + typeName(v)));
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object value = e.getValue();
            String f = childPath(field(key), name);
            if (out.containsKey(name)) {
                // "1: a" and "'1': b" are different YAML keys but the same name
                problems.add(Problem.error(f, "is given twice"));
            } else if (value == null) {
                problems.add(Problem.error(f, "has no value (write \"\" for an empty value)"));
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                out.put(name, String.valueOf(value));
            } else {
                problems.add(Problem.error(f, "must be a text value, not " + typeName(value)));
            }
        }
        return out;
    }

    private void reportUnknownKeys() {
        for (Object k : map.keySet()) {
            String key = String.valueOf(k);
            if (!known.contains(key)) {
                String hint = closest(key, known);
                problems.add(Problem.error(field(key), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; known keys: " + describeKeys(known)));
            }
        }
    }

    static String describeKeys(Set<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }

    /** The known key closest to {@code key}: same ignoring case, or within an edit distance of 2 (3 for long keys). */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (candidate.equalsIgnoreCase(key) || candidate.replace("_", "").equalsIgnoreCase(key.replace("_", "").replace("-", ""))) {
                return candidate;
            }
            if (Math.abs(key.length() - candidate.length()) > 3) {
                continue; // too far apart to be a typo; also keeps a 100,000-character key cheap
            }
            int d = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = key.length() >= 8 ? 3 : 2;
        return bestDistance <= allowed ? best : null;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public static String typeName(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String) {
            return "text";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof byte[]) {
            return "binary data (!!binary)";
        }
        if (v instanceof java.util.Set) {
            return "a set (!!set)";
        }
        return v.getClass().getSimpleName();
    }

    static String describeValue(Object v) {
        if (v instanceof String s) {
            return io.modelarts.train.rules.ProblemText.quote(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return typeName(v);
    }
}

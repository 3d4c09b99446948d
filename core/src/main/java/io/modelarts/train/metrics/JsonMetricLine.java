package io.modelarts.train.metrics;

/**
 * Reads a log line that is a JSON object with a {@code "metric"} key: {@code {"metric": "accuracy", "value": 0.87,
 * "step": 12}}. Other keys may be there and are skipped, nested values too. A line that is not such an object gives
 * {@code null}; it never throws.
 *
 * @param metric the metric's name
 * @param value  the value as written (a JSON number, or a string), or null when absent
 * @param step   the step, or null when absent or not a number
 */
record JsonMetricLine(String metric, String value, Double step) {

    static JsonMetricLine parse(String line) {
        try {
            Parser p = new Parser(line);
            return p.line();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        JsonMetricLine line() {
            ws();
            expect('{');
            String metric = null;
            String value = null;
            Double step = null;
            boolean hasMetric = false;
            ws();
            if (peek() == '}') {
                return null;
            }
            while (true) {
                ws();
                String key = string();
                ws();
                expect(':');
                ws();
                int start = i;
                Object v = value();
                switch (key) {
                    case "metric" -> {
                        hasMetric = true;
                        metric = v instanceof String str ? str : null;
                    }
                    case "value" -> value = v instanceof String str ? str : v == null ? null : s.substring(start, i).trim();
                    case "step" -> step = v instanceof Number n ? n.doubleValue() : null;
                    default -> {
                    }
                }
                ws();
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    return null;
                }
            }
            ws();
            if (i != s.length() || !hasMetric || metric == null || metric.isEmpty()) {
                return null;
            }
            return new JsonMetricLine(metric, value, step);
        }

        /** A String, a Double, Boolean, null (for null), or a marker object for nested values. */
        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' || c == '[') {
                skipNested();
                return new Object();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                // NaN or Infinity, as Python's json.dumps writes them: a value, but not a number
                while (i < s.length() && Character.isLetter(s.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    throw new IllegalArgumentException("value expected");
                }
                return s.substring(start, i);
            }
            return Double.valueOf(s.substring(start, i));
        }

        private void skipNested() {
            int depth = 0;
            do {
                char c = next();
                if (c == '"') {
                    i--;
                    string();
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            } while (depth > 0);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("end of line");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException(c + " expected");
            }
        }
    }
}

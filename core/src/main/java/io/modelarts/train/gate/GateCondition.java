package io.modelarts.train.gate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One condition of a job's {@code gate:}: {@code <metric> <op> <expr>}, {@code op} one of {@code >= <= > < ==},
 * {@code expr} a number or {@code baseline.<metric>}, optionally {@code + - *} a number. Examples:
 * {@code accuracy >= 0.85}, {@code accuracy >= baseline.accuracy - 0.01}, {@code loss <= baseline.loss * 1.1}.
 *
 * @param text         the condition as written (trimmed)
 * @param metric       the metric of this run that is compared
 * @param op           the comparison
 * @param baseline     the baseline metric on the right-hand side, or {@code null} for a plain number
 * @param arithmetic   {@code '+'}, {@code '-'}, {@code '*'}, or {@code 0} for none
 * @param number       the plain number, or the operand of {@code arithmetic}
 */
public record GateCondition(String text, String metric, Op op, String baseline, char arithmetic, double number) {

    /** A metric name as the gate can refer to it (also the rule for {@code metrics[].name}). */
    public static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The grammar, for messages. */
    public static final String GRAMMAR = "'<metric> <op> <expr>' with op one of >= <= > < == and expr a number or "
            + "baseline.<metric>, optionally + - * a number (e.g. accuracy >= baseline.accuracy - 0.01)";

    private static final String NUMBER = "[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?";
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*(" + METRIC_NAME.pattern() + ")\\s*(>=|<=|==|>|<)\\s*(?:(" + NUMBER + ")|baseline\\.(" + METRIC_NAME.pattern()
                    + ")(?:\\s*([-+*])\\s*(" + NUMBER + "))?)\\s*");

    /** The comparisons of the grammar. */
    public enum Op {
        GE(">="), LE("<="), GT(">"), LT("<"), EQ("==");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(double left, double right) {
            return switch (this) {
                case GE -> left >= right;
                case LE -> left <= right;
                case GT -> left > right;
                case LT -> left < right;
                // values printed with a few digits and read back may differ in the last bits
                case EQ -> Math.abs(left - right) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(left), Math.abs(right)));
            };
        }

        static Op of(String symbol) {
            for (Op o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /**
     * Parses one condition.
     *
     * @throws IllegalArgumentException with a message that states the grammar, when {@code text} does not follow it
     */
    public static GateCondition parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; a condition must be " + GRAMMAR);
        }
        Matcher m = CONDITION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a condition; it must be " + GRAMMAR);
        }
        Op op = Op.of(m.group(2));
        if (m.group(3) != null) {
            return new GateCondition(text.strip(), m.group(1), op, null, (char) 0, number(m.group(3)));
        }
        char arithmetic = m.group(5) == null ? 0 : m.group(5).charAt(0);
        double operand = m.group(6) == null ? 0 : number(m.group(6));
        return new GateCondition(text.strip(), m.group(1), op, m.group(4), arithmetic, operand);
    }

    private static double number(String s) {
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("the number " + s + " is out of range");
        }
        return d;
    }

    /** Whether the right-hand side needs the baseline. */
    public boolean needsBaseline() {
        return baseline != null;
    }

    /** The right-hand side's value given the baseline metric's value (ignored for a plain number). */
    double threshold(double baselineValue) {
        if (baseline == null) {
            return number;
        }
        return switch (arithmetic) {
            case '+' -> baselineValue + number;
            case '-' -> baselineValue - number;
            case '*' -> baselineValue * number;
            default -> baselineValue;
        };
    }

    /** The right-hand side as written, normalised: {@code baseline.loss * 1.1}. */
    String rightHandSide() {
        if (baseline == null) {
            return format(number);
        }
        return "baseline." + baseline + (arithmetic == 0 ? "" : " " + arithmetic + " " + format(number));
    }

    /** A value as people read it: up to 6 significant digits, no exponent for ordinary values. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }
}

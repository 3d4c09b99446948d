package io.modelarts.train.assets;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One hyperparameter a saved algorithm defines: its type, default, constraint (an inclusive range for
 * int and float, a list of values for enum) and whether a job must give it ({@code required}) or may
 * change it ({@code editable}). Range bounds keep the text they were written as, for messages.
 */
public record HyperparameterDefinition(String name, HyperparameterType type, String defaultValue, String min, String max,
                                       List<String> values, boolean required, boolean editable, String description) {

    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    public HyperparameterDefinition {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /**
     * {@code null} when {@code value} fits this definition (type, range, values); otherwise what is wrong,
     * as the rest of a sentence ({@code must be at most 1.0}).
     */
    public String problemWith(String value) {
        String v = value.strip();
        switch (type) {
            case INT -> {
                if (!INT.matcher(v).matches()) {
                    return "must be a whole number (type int), not '" + value + "'";
                }
            }
            case FLOAT -> {
                if (!FLOAT.matcher(v).matches()) {
                    return "must be a number (type float), not '" + value + "'";
                }
            }
            case BOOL -> {
                String b = v.toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    return "must be true or false (type bool), not '" + value + "'";
                }
            }
            case ENUM, STRING -> {
                if (!values.isEmpty() && !values.contains(value)) {
                    return "must be one of " + String.join(", ", values) + ", not '" + value + "'";
                }
            }
        }
        if (type.isNumeric()) {
            BigDecimal n = new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
            if (min != null && n.compareTo(number(min)) < 0) {
                return "must be at least " + min;
            }
            if (max != null && n.compareTo(number(max)) > 0) {
                return "must be at most " + max;
            }
        }
        return null;
    }

    /** A range bound as a number; the loader has checked it is one. */
    static BigDecimal number(String text) {
        String t = text.strip();
        return new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    }

    static boolean isNumber(String text) {
        return text != null && FLOAT.matcher(text.strip()).matches();
    }

    /** {@code lr (float, default 0.01, range 0.0001-1.0, editable)}: one line of the listing. */
    public String describe() {
        StringBuilder s = new StringBuilder(name).append(" (").append(type.yamlName());
        if (defaultValue != null) {
            s.append(", default ").append(defaultValue);
        }
        if (min != null || max != null) {
            s.append(", range ").append(min == null ? "" : min).append("..").append(max == null ? "" : max);
        }
        if (!values.isEmpty()) {
            s.append(", values ").append(String.join("|", values));
        }
        if (required) {
            s.append(", required");
        }
        s.append(editable ? "" : ", not editable").append(')');
        return s.toString();
    }
}

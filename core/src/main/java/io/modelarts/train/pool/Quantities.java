package io.modelarts.train.pool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 800Gi}, {@code 50G}, {@code 500Mi}, {@code 1.5}, {@code 250m},
 * {@code 1e3}): binary suffixes Ki..Ei, decimal k..E, milli {@code m}, or a decimal exponent.
 */
public final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("([+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d{1,3})?");

    private Quantities() {
    }

    /** True when {@code text} is a well-formed quantity. */
    public static boolean isQuantity(String text) {
        return text != null && text.length() <= 64 && QUANTITY.matcher(text.trim()).matches();
    }

    /** The value of a quantity ({@code 1Ki} = 1024, {@code 500m} = 0.5), or {@code null} when malformed. */
    public static BigDecimal value(String text) {
        if (!isQuantity(text)) {
            return null;
        }
        Matcher m = QUANTITY.matcher(text.trim());
        m.matches();
        BigDecimal number = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
        String suffix = m.group(2);
        if (suffix == null) {
            return number;
        }
        return switch (suffix) {
            case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> number.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> number.multiply(BigDecimal.valueOf(1L << 60));
            case "m" -> number.movePointLeft(3);
            case "k" -> number.movePointRight(3);
            case "M" -> number.movePointRight(6);
            case "G" -> number.movePointRight(9);
            case "T" -> number.movePointRight(12);
            case "P" -> number.movePointRight(15);
            case "E" -> number.movePointRight(18);
            default -> number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1).toLowerCase(Locale.ROOT).replace("+", "")));
        };
    }

    /**
     * A byte quantity as whole bytes (rounded up, as Kubernetes does), capped at {@link Long#MAX_VALUE};
     * {@code null} when malformed.
     */
    public static Long bytes(String text) {
        BigDecimal v = value(text);
        if (v == null) {
            return null;
        }
        BigDecimal whole = v.setScale(0, RoundingMode.CEILING);
        return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : whole.longValueExact();
    }
}

package io.modelarts.train.rules;

import java.util.Locale;

/** Small helpers that keep problem messages readable: quoting user text, counts with separators, sizes. */
public final class ProblemText {

    /** Quoted values longer than this are cut, so a 10 MB string does not become a 10 MB message. */
    public static final int MAX_QUOTED = 60;

    private ProblemText() {
    }

    /** {@code 'value'}, cut after {@value #MAX_QUOTED} characters; control characters are escaped by {@link Problem}. */
    public static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        if (value.codePointCount(0, value.length()) > MAX_QUOTED) {
            return "'" + value.substring(0, value.offsetByCodePoints(0, MAX_QUOTED)) + "...' (" + count(value.codePointCount(0, value.length())) + " characters)";
        }
        return "'" + value + "'";
    }

    /** {@code 8,192}: the way the ModelArts docs write numbers. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Number of characters as people count them (code points, so an emoji is one). */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Bytes in decimal units, as the ModelArts limits ("5 GB") are written. */
    public static String bytes(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 || value == Math.rint(value) ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    /** How a character looks in a message: {@code ' '}, {@code 'é' (U+00E9)} or {@code U+0007}. */
    public static String describeChar(int codePoint) {
        String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
        if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint) || isInvisible(codePoint)) {
            return hex;
        }
        String c = new String(Character.toChars(codePoint));
        return codePoint < 0x80 ? "'" + c + "'" : "'" + c + "' (" + hex + ")";
    }

    /** Escapes everything that would break a one-line message or reorder text on a terminal. */
    public static String oneLine(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String replacement = null;
            if (cp == '\n') {
                replacement = "\\n";
            } else if (cp == '\r') {
                replacement = "\\r";
            } else if (cp == '\t') {
                replacement = "\\t";
            } else if (Character.isISOControl(cp) || isInvisible(cp) || Character.getType(cp) == Character.SURROGATE) {
                replacement = String.format(Locale.ROOT, "\\u%04X", cp);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i += Character.charCount(cp);
        }
        return out == null ? s : out.toString();
    }

    /** Line/paragraph separators and format characters (bidi overrides, zero-width), which hide or reorder text. */
    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}

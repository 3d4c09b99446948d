package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-in for the parts of {@code hudson.Util} that plugins commonly use.
 */
public class Util {
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{([^}]+)\\})");

    public static @NonNull String fixNull(@CheckForNull String s) {
        return fixNull(s, "");
    }

    public static @NonNull <T> T fixNull(@CheckForNull T s, @NonNull T defaultValue) {
        return s != null ? s : defaultValue;
    }

    public static @CheckForNull String fixEmpty(@CheckForNull String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return s;
    }

    public static @CheckForNull String fixEmptyAndTrim(@CheckForNull String s) {
        if (s == null) {
            return null;
        }
        return fixEmpty(s.trim());
    }

    /** HTML-escapes {@code text}. */
    public static @Nullable String escape(@CheckForNull String text) {
        if (text == null) {
            return null;
        }
        StringBuilder buf = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\n':
                    buf.append("<br>");
                    break;
                case '<':
                    buf.append("&lt;");
                    break;
                case '>':
                    buf.append("&gt;");
                    break;
                case '&':
                    buf.append("&amp;");
                    break;
                case '"':
                    buf.append("&quot;");
                    break;
                case '\'':
                    buf.append("&#039;");
                    break;
                default:
                    buf.append(ch);
            }
        }
        return buf.toString();
    }

    public static @NonNull String xmlEscape(@NonNull String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Replaces {@code $VAR} and {@code ${VAR}} with values from {@code properties}; unknown ones stay. */
    public static @Nullable String replaceMacro(@CheckForNull String s, @NonNull Map<String, String> properties) {
        if (s == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2) != null ? m.group(2) : m.group(1);
            String value = properties.get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static @NonNull String join(@NonNull Collection<?> strings, @NonNull String separator) {
        StringBuilder buf = new StringBuilder();
        boolean first = true;
        for (Object s : strings) {
            if (!first) {
                buf.append(separator);
            }
            buf.append(s);
            first = false;
        }
        return buf.toString();
    }

    /** Whether {@code derived} overrides (or inherits an override of) {@code base.methodName(types)}. */
    public static boolean isOverridden(
            @NonNull Class<?> base, @NonNull Class<?> derived, @NonNull String methodName, @NonNull Class<?>... types) {
        for (Class<?> c = derived; c != null && c != base; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod(methodName, types);
                return true;
            } catch (NoSuchMethodException e) {
                // keep looking up the hierarchy
            }
        }
        return false;
    }
}

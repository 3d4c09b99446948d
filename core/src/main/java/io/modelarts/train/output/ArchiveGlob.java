package io.modelarts.train.output;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which output files to keep, as Jenkins' "files to archive" writes it: comma-separated Ant-style
 * globs over {@code /}-separated paths relative to the output, e.g. {@code **}{@code /*.pt, logs/**}.
 *
 * <ul>
 *   <li>{@code *} matches within one path segment, {@code ?} one character of it;</li>
 *   <li>{@code **} matches across segments, and {@code **}{@code /} also matches no folder at all,
 *       so {@code **}{@code /*.pt} keeps {@code model.pt} as well as {@code ckpt/model.pt};</li>
 *   <li>{@code {a,b}} matches either; a pattern ending in {@code /} means everything below it.</li>
 * </ul>
 */
public final class ArchiveGlob implements Predicate<String> {

    private static final ArchiveGlob ALL = new ArchiveGlob("**", List.of(Pattern.compile(".*", Pattern.DOTALL)));

    private final String text;
    private final List<Pattern> patterns;

    private ArchiveGlob(String text, List<Pattern> patterns) {
        this.text = text;
        this.patterns = patterns;
    }

    /** Null or blank keeps everything. */
    public static ArchiveGlob compile(String globs) {
        if (globs == null || globs.isBlank()) {
            return ALL;
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String glob : splitOutsideBraces(globs)) {
            String g = glob.strip();
            if (g.isEmpty()) {
                continue;
            }
            while (g.startsWith("/")) {
                g = g.substring(1); // output paths are relative; "/model/**" means "model/**"
            }
            if (g.endsWith("/")) {
                g = g + "**";
            }
            compiled.add(Pattern.compile(toRegex(g), Pattern.DOTALL));
        }
        return compiled.isEmpty() ? ALL : new ArchiveGlob(globs.strip(), List.copyOf(compiled));
    }

    @Override
    public boolean test(String relativePath) {
        for (Pattern p : patterns) {
            if (p.matcher(relativePath).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> splitOutsideBraces(String globs) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < globs.length(); i++) {
            char c = globs.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(globs.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(globs.substring(start));
        return parts;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean folderWildcard = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                regex.append(folderWildcard ? "(?:.*/)?" : ".*");
                i += folderWildcard ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '{') {
                braces++;
                regex.append("(?:");
            } else if (c == '}' && braces > 0) {
                braces--;
                regex.append(')');
            } else if (c == ',' && braces > 0) {
                regex.append('|');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("archive pattern '" + glob + "' has an unclosed '{'");
        }
        return regex.toString();
    }
}

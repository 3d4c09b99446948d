package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.FormValidation;
import io.modelarts.train.rules.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which folders' jobs may use a cluster or a pool: the administrator's patterns, one per line. Without patterns
 * every job may use it (and so run any image there). A pattern names a folder by its full path
 * ({@code team-a/vision}); {@code *} stands for any characters within one folder name and {@code **} for any
 * number of nested folders. A folder that matches allows the jobs in it and in every folder below it. {@code /}
 * stands for the top level (jobs in no folder).
 */
final class FolderRestrictions {

    static final String TOP_LEVEL = "/";

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private FolderRestrictions(List<String> patterns) {
        this.patterns = patterns;
        this.compiled = patterns.stream().map(FolderRestrictions::compile).toList();
    }

    /** The patterns of {@code text}, one per line; blank lines are skipped and surrounding slashes ignored. */
    static FolderRestrictions parse(@CheckForNull String text) {
        List<String> out = new ArrayList<>();
        for (String line : Util.fixNull(text).split("\\R")) {
            String p = line.strip();
            if (p.isEmpty()) {
                continue;
            }
            String trimmed = trimSlashes(p);
            out.add(trimmed.isEmpty() ? TOP_LEVEL : trimmed);
        }
        return new FolderRestrictions(List.copyOf(out));
    }

    /** Blank text, or the text with one pattern per line as it is kept. */
    @CheckForNull
    static String normalize(@CheckForNull String text) {
        FolderRestrictions r = parse(text);
        return r.isRestricted() ? String.join("\n", r.patterns) : null;
    }

    boolean isRestricted() {
        return !patterns.isEmpty();
    }

    List<String> patterns() {
        return patterns;
    }

    /**
     * Whether a job with full name {@code jobFullName} ({@code team-a/vision/train}) may use it: unrestricted, or
     * its folder or one above it matches a pattern.
     */
    boolean allows(String jobFullName) {
        if (!isRestricted()) {
            return true;
        }
        String folder = folderOf(jobFullName);
        if (folder.isEmpty()) {
            return patterns.contains(TOP_LEVEL);
        }
        for (String candidate = folder; ; candidate = parentOf(candidate)) {
            for (Pattern p : compiled) {
                if (p != null && p.matcher(candidate).matches()) {
                    return true;
                }
            }
            if (candidate.indexOf('/') < 0) {
                return false;
            }
        }
    }

    /** The folder path of a job's full name: everything before its last {@code /}; empty at the top level. */
    static String folderOf(String jobFullName) {
        String name = trimSlashes(Util.fixNull(jobFullName));
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /**
     * The problem of a job that may not use {@code what} ({@code cluster 'prod'}, {@code pool 'gpu-pool'}), on
     * {@code field}; null when it may.
     */
    @CheckForNull
    Problem check(String field, String what, String jobFullName) {
        if (allows(jobFullName)) {
            return null;
        }
        String folder = folderOf(jobFullName);
        return Problem.error(field, Messages.FolderRestrictions_Refused(what, String.join(", ", patterns), jobFullName,
                folder.isEmpty() ? Messages.FolderRestrictions_TopLevel() : "'" + folder + "'"));
    }

    /** The form check: an error for a pattern that can never match a folder. */
    static FormValidation formCheck(String text) {
        FolderRestrictions r = parse(text);
        if (!r.isRestricted()) {
            return FormValidation.ok();
        }
        for (String p : r.patterns) {
            if (!p.equals(TOP_LEVEL) && (p.contains("//") || p.contains("***"))) {
                return FormValidation.error(Messages.FolderRestrictions_BadPattern(p));
            }
        }
        return FormValidation.ok();
    }

    private static String parentOf(String folder) {
        return folder.substring(0, folder.lastIndexOf('/'));
    }

    private static String trimSlashes(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && s.charAt(b) == '/') {
            b++;
        }
        while (e > b && s.charAt(e - 1) == '/') {
            e--;
        }
        return s.substring(b, e);
    }

    @CheckForNull
    private static Pattern compile(String glob) {
        if (glob.equals(TOP_LEVEL)) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                re.append("(?:.*/)?"); // any number of folders, none included
                i += 3;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(re.toString());
    }
}

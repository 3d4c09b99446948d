package io.modelarts.train.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tells object-store paths ({@code obs://}, {@code s3://}) from local ones. */
public final class StoragePaths {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,31})://.*", Pattern.DOTALL);

    private StoragePaths() {
    }

    public static boolean isObjectPath(String path) {
        if (path == null) {
            return false;
        }
        String p = path.trim().toLowerCase(Locale.ROOT);
        return p.startsWith("obs://") || p.startsWith("s3://");
    }

    /**
     * The scheme of a URL other than {@code obs}, {@code s3} and {@code file} ({@code oss} for
     * {@code oss://b/x}, {@code https} for a web address), or {@code null}: such paths are neither
     * object-store paths nor local paths.
     */
    public static String schemeOf(String path) {
        if (path == null) {
            return null;
        }
        Matcher m = SCHEME.matcher(path.trim());
        if (!m.matches()) {
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        return scheme.equals("obs") || scheme.equals("s3") || scheme.equals("file") ? null : scheme;
    }
}

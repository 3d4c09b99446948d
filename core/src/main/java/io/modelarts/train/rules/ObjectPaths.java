package io.modelarts.train.rules;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks {@code obs://bucket/key} and {@code s3://bucket/key} paths (both schemes mean the same store)
 * and tells whether two of them overlap. The rules follow the OBS/S3 naming rules: a bucket of 3-63
 * lowercase letters, digits, '-' and '.', starting and ending with a letter or digit; a key of at most
 * 1,024 bytes without empty, '.' or '..' segments.
 */
public final class ObjectPaths {

    /** A parsed path: {@code key} is empty for the whole bucket and never starts with '/'. */
    public record Location(String bucket, String key) {

        /** The key as a folder prefix: empty, or ending with '/'. */
        public String folder() {
            return key.isEmpty() || key.endsWith("/") ? key : key + "/";
        }

        /** Same bucket, and one folder is the other or lies inside it. */
        public boolean overlaps(Location other) {
            return bucket.equals(other.bucket) && (folder().startsWith(other.folder()) || other.folder().startsWith(folder()));
        }

        public boolean sameAs(Location other) {
            return bucket.equals(other.bucket) && folder().equals(other.folder());
        }

        /** True when this lies strictly inside {@code other}. */
        public boolean inside(Location other) {
            return bucket.equals(other.bucket) && folder().startsWith(other.folder()) && !folder().equals(other.folder());
        }
    }

    public static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private ObjectPaths() {
    }

    /** True when the text starts with {@code obs://} or {@code s3://} (any case). */
    public static boolean hasObjectScheme(String text) {
        return schemeLength(text) > 0;
    }

    /** The parsed location, or {@code null} when {@link #problemWith} finds a problem. */
    public static Location parse(String path) {
        if (problemWith(path) != null) {
            return null;
        }
        String rest = path.substring(schemeLength(path));
        int slash = rest.indexOf('/');
        return slash < 0 ? new Location(rest, "") : new Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** {@code null} when {@code path} is a well-formed object path, otherwise what is wrong, for a person. */
    public static String problemWith(String path) {
        if (path == null || path.isEmpty()) {
            return "must not be empty: give an object path such as obs://bucket/folder/";
        }
        if (!path.equals(path.strip())) {
            return "must not start or end with spaces (got " + ProblemText.quote(path) + ")";
        }
        int schemeLength = schemeLength(path);
        if (schemeLength == 0) {
            return "must be an obs:// or s3:// path such as obs://bucket/folder/ (got " + ProblemText.quote(path) + ")";
        }
        String rest = path.substring(schemeLength);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        String problem = bucketProblem(bucket);
        return problem != null ? problem : keyProblem(key);
    }

    private static String bucketProblem(String bucket) {
        if (bucket.isEmpty()) {
            return "has no bucket name: write obs://bucket/folder/";
        }
        int length = ProblemText.length(bucket);
        if (length < 3 || length > 63) {
            return "bucket name " + ProblemText.quote(bucket) + " must be 3-63 characters (got " + length + ")";
        }
        if (!BUCKET.matcher(bucket).matches()) {
            return "bucket name " + ProblemText.quote(bucket)
                    + " must use lowercase letters, digits, '-' and '.', and start and end with a letter or digit";
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            return "bucket name " + ProblemText.quote(bucket) + " must not contain '..', '.-' or '-.'";
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            return "bucket name " + ProblemText.quote(bucket) + " must not look like an IP address";
        }
        return null;
    }

    private static String keyProblem(String key) {
        if (key.isEmpty()) {
            return null;
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            return "object key must be at most " + ProblemText.count(MAX_KEY_BYTES) + " bytes (got " + ProblemText.count(bytes) + ")";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                return "object key must not contain control characters (found " + ProblemText.describeChar(c) + ")";
            }
            if (c == '\\') {
                return "object key must not contain a backslash; separate folders with '/'";
            }
        }
        if (key.length() >= 2 && key.charAt(1) == ':' && Character.isLetter(key.charAt(0))) {
            return "object key must not start with a drive letter ('" + key.substring(0, 2) + "')";
        }
        String withoutFolderSlash = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : withoutFolderSlash.split("/", -1)) {
            if (segment.isEmpty()) {
                return "object key must not have empty segments ('//')";
            }
            if (segment.equals("..") || segment.equals(".")) {
                return "object key must not have '" + segment + "' segments";
            }
        }
        return null;
    }

    private static int schemeLength(String text) {
        if (text == null) {
            return 0;
        }
        String lower = text.length() > 6 ? text.substring(0, 6).toLowerCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("obs://")) {
            return 6;
        }
        if (lower.startsWith("s3://")) {
            return 5;
        }
        return 0;
    }
}

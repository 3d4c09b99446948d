package io.modelarts.train.storage;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A location in an object store: {@code obs://bucket/key} or {@code s3://bucket/key}; both schemes
 * mean the same store, so two URIs differing only in scheme are equal. The key may be empty (the
 * whole bucket) and may end with {@code /} (a "folder").
 *
 * <p>Local paths such as {@code /bucket/key} are deliberately not accepted: the job file lets a
 * path be either local or an object URI, and only the scheme tells them apart.
 */
public record ObjectUri(String bucket, String key) implements java.io.Serializable {

    public static final String OBS_SCHEME = "obs://";
    public static final String S3_SCHEME = "s3://";

    /** S3 and OBS both cap keys at 1024 bytes of UTF-8. */
    private static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    public ObjectUri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        String problem = problemWithBucket(bucket);
        if (problem == null) {
            problem = problemWithKey(key);
        }
        if (problem != null) {
            throw new IllegalArgumentException("invalid object location obs://" + bucket + "/" + key + ": " + problem);
        }
    }

    /** Parses {@code obs://bucket/key} or {@code s3://bucket/key}; throws with a readable message otherwise. */
    public static ObjectUri parse(String uri) {
        String problem = problemWith(uri);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String rest = uri.substring(schemeLength(uri));
        int slash = rest.indexOf('/');
        return slash < 0 ? new ObjectUri(rest, "") : new ObjectUri(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** True when the text uses an object-store scheme (it may still be malformed: see {@link #problemWith}). */
    public static boolean isObjectUri(String text) {
        return text != null && schemeLength(text) > 0;
    }

    /**
     * Returns null when {@code uri} is a valid object URI, otherwise a message for a person, such as
     * {@code "obs://Bucket/x: bucket name must use lowercase letters, digits, '-' and '.'"}.
     */
    public static String problemWith(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "an object location is required, like obs://bucket/path";
        }
        int schemeLength = schemeLength(uri);
        if (schemeLength == 0) {
            return uri + ": not an object location; use obs://bucket/path or s3://bucket/path";
        }
        String rest = uri.substring(schemeLength);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        String problem = problemWithBucket(bucket);
        if (problem == null) {
            problem = problemWithKey(key);
        }
        return problem == null ? null : uri + ": " + problem;
    }

    private static int schemeLength(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith(OBS_SCHEME)) {
            return OBS_SCHEME.length();
        }
        if (lower.startsWith(S3_SCHEME)) {
            return S3_SCHEME.length();
        }
        return 0;
    }

    private static String problemWithBucket(String bucket) {
        if (bucket.isEmpty()) {
            return "the bucket name is missing";
        }
        if (bucket.length() < 3 || bucket.length() > 63) {
            return "bucket name '" + bucket + "' must be 3 to 63 characters long";
        }
        if (!BUCKET.matcher(bucket).matches()) {
            return "bucket name '" + bucket + "' must use lowercase letters, digits, '-' and '.', "
                    + "and start and end with a letter or digit";
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            return "bucket name '" + bucket + "' must not have '..', '.-' or '-.'";
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            return "bucket name '" + bucket + "' must not look like an IP address";
        }
        return null;
    }

    private static String problemWithKey(String key) {
        if (key.isEmpty()) {
            return null;
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "the object key is longer than " + MAX_KEY_BYTES + " bytes";
        }
        if (key.startsWith("/")) {
            return "the path has an empty segment ('//')";
        }
        String withoutFolderSlash = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return ObjectKeys.problemWithRelative(withoutFolderSlash);
    }

    /** The key as a folder prefix: empty, or ending with {@code /}. */
    public String folderPrefix() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    /** True when the key names a folder explicitly (empty or ending with {@code /}). */
    public boolean isFolder() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** The last path segment of the key ({@code model.pt} for {@code obs://b/out/model.pt}); empty for a bucket. */
    public String name() {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    /** {@code obs://b/out} resolved with {@code a/x.pt} is {@code obs://b/out/a/x.pt}. */
    public ObjectUri resolve(String relative) {
        Objects.requireNonNull(relative, "relative");
        if (relative.isEmpty()) {
            return this;
        }
        if (relative.startsWith("/")) {
            throw new IllegalArgumentException("cannot resolve the absolute path '" + relative + "' against " + this);
        }
        return new ObjectUri(bucket, folderPrefix() + relative);
    }

    @Override
    public String toString() {
        return OBS_SCHEME + bucket + "/" + key;
    }
}

package io.modelarts.train.storage;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stored object.
 *
 * @param key          the full key inside its bucket
 * @param size         bytes
 * @param etag         the store's entity tag without quotes, or null when the store has none
 * @param lastModified null when unknown
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) implements java.io.Serializable {

    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        etag = normalizeEtag(etag);
    }

    /**
     * The MD5 of the content when the entity tag is one (a single-part upload); null for multipart
     * tags ({@code "…-N"}) and stores without tags.
     */
    public String contentMd5() {
        return etag != null && PLAIN_MD5.matcher(etag).matches() ? etag : null;
    }

    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.isEmpty() ? null : e.toLowerCase(Locale.ROOT);
    }
}

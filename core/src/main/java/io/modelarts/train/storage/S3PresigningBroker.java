package io.modelarts.train.storage;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ObjectStoreBroker} of the machine that holds the S3 keys (the Jenkins controller): it lists through
 * the caller's store and presigns with the AWS SDK's {@link S3Presigner} (offline: no request is made), one object
 * at a time, valid for {@link #validity()}, and only inside the locations it was made for: {@code readable}
 * (list, GET) and {@code writable} (list, GET, PUT).
 */
public final class S3PresigningBroker implements ObjectStoreBroker, AutoCloseable {

    /** How long a presigned request stays valid: each one is made just before it is used. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(15);

    private final ObjectStore lister;
    private final List<ObjectUri> readable;
    private final List<ObjectUri> writable;
    private final Duration validity;
    private final AwsCredentialsProvider credentials;
    private final S3Presigner presigner;

    /**
     * @param settings the store's endpoint, region, addressing style and keys
     * @param lister   lists objects for the caller (not closed here)
     * @param readable folders (or objects) that may be listed and read
     * @param writable folders (or objects) that may also be written
     */
    public S3PresigningBroker(S3Settings settings, ObjectStore lister, List<ObjectUri> readable, List<ObjectUri> writable,
                              Duration validity) {
        this.lister = Objects.requireNonNull(lister, "lister");
        this.readable = List.copyOf(readable);
        this.writable = List.copyOf(writable);
        this.validity = validity == null ? DEFAULT_VALIDITY : validity;
        this.credentials = S3Credentials.provider(settings);
        S3Presigner.Builder b = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        this.presigner = b.build();
    }

    public Duration validity() {
        return validity;
    }

    @Override
    public List<ObjectInfo> list(ObjectUri location) {
        requireInside(location, false, "list");
        return lister.list(location);
    }

    @Override
    public PresignedRequest presignGet(ObjectUri source) {
        requireObject(source);
        requireInside(source, false, "read");
        var p = presigner.presignGetObject(r -> r.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(source.bucket()).key(source.key())));
        return new PresignedRequest("GET", p.url().toString(), headers(p.signedHeaders()), p.expiration());
    }

    @Override
    public PresignedRequest presignPut(ObjectUri target, String contentMd5Hex, long size) {
        requireObject(target);
        requireInside(target, true, "write");
        if (size > PresignedRequest.MAX_PUT_BYTES) {
            throw new StorageException("cannot upload " + size + " bytes to " + target + ": one presigned upload carries at most "
                    + Sizes.human(PresignedRequest.MAX_PUT_BYTES) + " (" + PresignedRequest.MAX_PUT_BYTES + " bytes)");
        }
        byte[] md5;
        try {
            md5 = HexFormat.of().parseHex(contentMd5Hex);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StorageException("the content MD5 of " + target + " must be 32 hex digits");
        }
        if (md5.length != 16) {
            throw new StorageException("the content MD5 of " + target + " must be 32 hex digits");
        }
        String base64 = Base64.getEncoder().encodeToString(md5);
        var p = presigner.presignPutObject(r -> r.signatureDuration(validity)
                .putObjectRequest(o -> o.bucket(target.bucket()).key(target.key()).contentMD5(base64)));
        return new PresignedRequest("PUT", p.url().toString(), headers(p.signedHeaders()), p.expiration());
    }

    /** The signed headers to send; {@code host} is the URL's own and set by every HTTP client. */
    private static Map<String, String> headers(Map<String, List<String>> signed) {
        Map<String, String> out = new LinkedHashMap<>();
        signed.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                out.put(name, String.join(",", values));
            }
        });
        return out;
    }

    private void requireInside(ObjectUri location, boolean write, String what) {
        for (ObjectUri allowed : write ? writable : concat(readable, writable)) {
            if (inside(location, allowed)) {
                return;
            }
        }
        throw new StorageException("may not " + what + " " + location + ": this job's transfers are limited to "
                + (write ? writable : concat(readable, writable)));
    }

    private static List<ObjectUri> concat(List<ObjectUri> a, List<ObjectUri> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** {@code location} is {@code allowed} itself or below it (as a folder). */
    static boolean inside(ObjectUri location, ObjectUri allowed) {
        if (!location.bucket().equals(allowed.bucket())) {
            return false;
        }
        String prefix = allowed.folderPrefix();
        String key = location.key();
        return prefix.isEmpty() || key.equals(allowed.key()) || key.startsWith(prefix) || location.folderPrefix().equals(prefix);
    }

    private static void requireObject(ObjectUri uri) {
        if (uri.isFolder()) {
            throw new StorageException(uri + " names a folder, not an object");
        }
    }

    @Override
    public void close() {
        presigner.close();
        if (credentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing held that matters
            }
        }
    }

    @Override
    public String toString() {
        return "S3PresigningBroker[read " + readable + ", write " + writable + ", valid " + validity.toString().toLowerCase(Locale.ROOT) + "]";
    }
}

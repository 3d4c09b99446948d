package io.modelarts.train.storage;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * One presigned HTTP request: the method, the URL (its query carries the signature and expiry) and the headers
 * that were signed with it and must be sent as they are. It grants exactly this request until {@code expires}.
 */
public record PresignedRequest(String method, String url, Map<String, String> signedHeaders, Instant expires)
        implements Serializable {

    /**
     * The largest object one presigned PUT may carry: S3's and OBS's single-request limit, 5 GiB. Bigger files are
     * refused before any byte is sent (as artifact-manager-s3 does: one presigned PUT per file, no multipart).
     */
    public static final long MAX_PUT_BYTES = 5L * 1024 * 1024 * 1024;

    public PresignedRequest {
        signedHeaders = Map.copyOf(signedHeaders);
    }

    @Override
    public String toString() {
        // the URL is a bearer grant: never print its signature
        int q = url.indexOf('?');
        return method + " " + (q < 0 ? url : url.substring(0, q)) + " (presigned until " + expires + ")";
    }
}

package io.modelarts.train.storage;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach an S3-compatible store such as OBS. Immutable; build with {@link #builder()}.
 *
 * <p>Virtual-hosted addressing ({@code bucket.endpoint}) is the default because OBS rejects
 * path-style requests; S3 servers reached by IP address or {@code localhost} need
 * {@link Builder#pathStyle(boolean) pathStyle(true)}. Without an access key the SDK's default
 * credential chain (environment, profile, instance role) is used. The secret key is never
 * printed by {@link #toString()}.
 */
public final class S3Settings {

    /** Region used when none is given; S3-compatible stores mostly ignore it, but signing needs one. */
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENCY = 16;

    private final URI endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String accessKey;
    private final String secretKey;
    private final String sessionToken;
    private final String caCertificates;
    private final S3Proxy proxy;
    private final long multipartThreshold;
    private final long partSize;
    private final int maxConcurrency;

    private S3Settings(Builder b) {
        this.endpoint = b.endpoint;
        this.region = b.region == null || b.region.isBlank() ? DEFAULT_REGION : b.region.strip();
        this.pathStyle = b.pathStyle;
        this.accessKey = blankToNull(b.accessKey);
        this.secretKey = blankToNull(b.secretKey);
        this.sessionToken = blankToNull(b.sessionToken);
        this.caCertificates = blankToNull(b.caCertificates);
        this.proxy = b.proxy;
        if (caCertificates != null) {
            PemTrust.parse(caCertificates); // a bad bundle is reported now, not at the first request
        }
        this.multipartThreshold = b.multipartThreshold;
        this.partSize = b.partSize;
        this.maxConcurrency = b.maxConcurrency;
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("give both an access key and a secret key, or neither to use the default credential chain");
        }
        if (sessionToken != null && accessKey == null) {
            throw new IllegalArgumentException("a session token needs the temporary access key and secret key it was issued with");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("endpoint " + endpoint + " must be a URL like https://obs.example.com");
        }
        // 5 MiB is the smallest part S3 and OBS accept (except the last one)
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("part size must be at least 5 MiB");
        }
        if (multipartThreshold < partSize) {
            throw new IllegalArgumentException("the multipart threshold must be at least the part size");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max concurrency must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.region = region;
        b.pathStyle = pathStyle;
        b.accessKey = accessKey;
        b.secretKey = secretKey;
        b.sessionToken = sessionToken;
        b.caCertificates = caCertificates;
        b.proxy = proxy;
        b.multipartThreshold = multipartThreshold;
        b.partSize = partSize;
        b.maxConcurrency = maxConcurrency;
        return b;
    }

    /** Null for the SDK's default (AWS) endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    /** Null when the default credential chain is used. */
    public String accessKey() {
        return accessKey;
    }

    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    /** Package-private on purpose: only the store itself needs the secret. */
    String secretKey() {
        return secretKey;
    }

    /** True when the static keys are temporary ones that come with a session token. */
    public boolean hasSessionToken() {
        return sessionToken != null;
    }

    /** Package-private, as the secret key: the token is a credential too. */
    String sessionToken() {
        return sessionToken;
    }

    /** PEM certificates of a private CA trusted besides the JDK's, or null. */
    public String caCertificates() {
        return caCertificates;
    }

    /** The HTTP proxy the engine's requests go through, or null for a direct connection. */
    public S3Proxy proxy() {
        return proxy;
    }

    public long multipartThreshold() {
        return multipartThreshold;
    }

    public long partSize() {
        return partSize;
    }

    /** How many requests (whole objects or parts) one store runs at once. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3Settings s && pathStyle == s.pathStyle && multipartThreshold == s.multipartThreshold
                && partSize == s.partSize && maxConcurrency == s.maxConcurrency && Objects.equals(endpoint, s.endpoint)
                && region.equals(s.region) && Objects.equals(accessKey, s.accessKey)
                && Objects.equals(secretKey, s.secretKey) && Objects.equals(sessionToken, s.sessionToken)
                && Objects.equals(caCertificates, s.caCertificates) && Objects.equals(proxy, s.proxy);
    }

    @Override
    public int hashCode() {
        // the secret is left out of the hash: equal objects still hash equal
        return Objects.hash(endpoint, region, pathStyle, accessKey, multipartThreshold, partSize, maxConcurrency);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + (endpoint == null ? "(AWS default)" : endpoint)
                + ", region=" + region
                + ", pathStyle=" + pathStyle
                + ", credentials=" + (accessKey == null ? "(default chain)" : "accessKey " + accessKey + " with secret ****"
                        + (sessionToken == null ? "" : " and session token ****"))
                + (caCertificates == null ? "" : ", private CA")
                + (proxy == null ? "" : ", proxy=" + proxy)
                + ", multipartThreshold=" + multipartThreshold
                + ", partSize=" + partSize
                + ", maxConcurrency=" + maxConcurrency + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public static final class Builder {
        private URI endpoint;
        private String region;
        private boolean pathStyle;
        private String accessKey;
        private String secretKey;
        private String sessionToken;
        private String caCertificates;
        private S3Proxy proxy;
        private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;

        private Builder() {
        }

        /** The store's URL, e.g. {@code https://obs.cn-north-4.myhuaweicloud.com}; null for AWS. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder endpoint(String endpoint) {
            return endpoint(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip()));
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** Static credentials; pass nulls to use the SDK's default credential chain. */
        public Builder credentials(String accessKey, String secretKey) {
            return credentials(accessKey, secretKey, null);
        }

        /**
         * Temporary credentials: the key pair and the session token issued with it (STS, an identity broker); the
         * token is sent as {@code X-Amz-Security-Token}. A null token means permanent keys.
         */
        public Builder credentials(String accessKey, String secretKey, String sessionToken) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            this.sessionToken = sessionToken;
            return this;
        }

        /**
         * PEM certificates (one or more) of the private CA that signed the store's certificate; they are trusted
         * besides the JDK's own CAs. Null or blank: the JDK's CAs only.
         */
        public Builder caCertificates(String pem) {
            this.caCertificates = pem;
            return this;
        }

        /** Send requests through this HTTP proxy; null: connect directly. */
        public Builder proxy(S3Proxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Files at least this big are sent as multipart uploads. */
        public Builder multipartThreshold(long bytes) {
            this.multipartThreshold = bytes;
            return this;
        }

        /** Part size of multipart uploads and of parallel ranged downloads. */
        public Builder partSize(long bytes) {
            this.partSize = bytes;
            return this;
        }

        public Builder maxConcurrency(int requests) {
            this.maxConcurrency = requests;
            return this;
        }

        public S3Settings build() {
            return new S3Settings(this);
        }

        @Override
        public String toString() {
            return "S3Settings.Builder[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                    + ", accessKey=" + accessKey + ", secret ****" + (sessionToken == null ? "" : ", session token ****") + "]";
        }
    }
}

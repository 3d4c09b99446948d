package io.modelarts.train.pool;

/**
 * The object store behind {@code obs://} and {@code s3://}: endpoint, region, addressing style, and for
 * Kubernetes the name of an existing Secret holding {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * (and {@code AWS_SESSION_TOKEN} for temporary keys; the keys themselves never appear in a catalog) and the name of
 * a Secret whose {@code ca.crt} is the private CA the store's certificate is signed by. All fields may be null: the
 * SDK defaults apply.
 */
public record StorageSettings(String endpoint, String region, boolean pathStyle, String credentialsSecret, String caSecret) {

    public static final StorageSettings DEFAULT = new StorageSettings(null, null, false, null, null);

    public StorageSettings(String endpoint, String region, boolean pathStyle, String credentialsSecret) {
        this(endpoint, region, pathStyle, credentialsSecret, null);
    }
}

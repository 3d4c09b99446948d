package io.modelarts.train.pool;

/**
 * The object store behind {@code obs://} and {@code s3://}: endpoint, region, addressing style, and for
 * Kubernetes the name of an existing Secret holding {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 * (the keys themselves never appear in a catalog). All fields may be null: the SDK defaults apply.
 */
public record StorageSettings(String endpoint, String region, boolean pathStyle, String credentialsSecret) {

    public static final StorageSettings DEFAULT = new StorageSettings(null, null, false, null);
}

package io.jenkins.plugins.modelarts;

import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.storage.S3Settings;
import java.io.Serializable;

/**
 * Connection to the object store for one build: endpoint, region, addressing style and the keys resolved from
 * credentials. Serializable only so that a {@code local} backend job can be handed to an agent over the remoting
 * channel (as credentials bindings are); never persisted, and {@link #toString()} shows no key.
 */
final class S3Access implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String accessKey;
    private final String secretKey;

    S3Access(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.pathStyle = pathStyle;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    S3Settings settings() {
        S3Settings.Builder b = S3Settings.builder().pathStyle(pathStyle);
        if (endpoint != null) {
            b.endpoint(endpoint);
        }
        if (region != null) {
            b.region(region);
        }
        if (accessKey != null && secretKey != null) {
            b.credentials(accessKey, secretKey);
        }
        return b.build();
    }

    S3ObjectStore open() {
        return new S3ObjectStore(settings());
    }

    @Override
    public String toString() {
        return "S3Access[" + endpoint + ", " + region + ", pathStyle=" + pathStyle + "]";
    }
}

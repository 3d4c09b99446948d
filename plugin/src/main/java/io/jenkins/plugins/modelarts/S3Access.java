package io.jenkins.plugins.modelarts;

import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.storage.S3PresigningBroker;
import io.modelarts.train.storage.S3Proxy;
import io.modelarts.train.storage.S3Settings;
import java.util.List;

/**
 * Connection to the object store for one build: endpoint, region, addressing style and the keys resolved from
 * credentials. It lives on the controller only: it is deliberately not serializable, so that it cannot travel to an
 * agent inside a callable by mistake. Agents get {@link #broker presigned requests} instead. {@link #toString()}
 * shows no key.
 */
final class S3Access {

    private final String endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String accessKey;
    private final String secretKey;
    private final String sessionToken;
    private final String caCertificates;
    private final String proxy;
    private final String noProxy;

    S3Access(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
        this(endpoint, region, pathStyle, accessKey, secretKey, null);
    }

    /** {@code sessionToken}: the token of temporary keys, or null. */
    S3Access(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey, String sessionToken) {
        this(endpoint, region, pathStyle, accessKey, secretKey, sessionToken, null, null, null);
    }

    private S3Access(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey, String sessionToken,
                     String caCertificates, String proxy, String noProxy) {
        this.caCertificates = caCertificates;
        this.proxy = proxy;
        this.noProxy = noProxy;
        this.endpoint = endpoint;
        this.region = region;
        this.pathStyle = pathStyle;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.sessionToken = sessionToken;
    }

    /** This access through {@code proxy} (host:port, may be null) with the private CA {@code caCertificates} (PEM, may be null). */
    S3Access connection(String caCertificates, String proxy, String noProxy) {
        return new S3Access(endpoint, region, pathStyle, accessKey, secretKey, sessionToken, caCertificates, proxy, noProxy);
    }

    /** {@code message} with every given secret (null ones skipped) replaced by {@code ****}. */
    static String mask(String message, String... secrets) {
        String m = message;
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                m = m.replace(s, "****");
            }
        }
        return m;
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
            b.credentials(accessKey, secretKey, sessionToken);
        }
        if (proxy != null) {
            b.proxy(S3Proxy.parse(proxy, noProxy));
        }
        return b.caCertificates(caCertificates).build();
    }

    S3ObjectStore open() {
        return new S3ObjectStore(settings());
    }

    /**
     * Presigns, for an agent, GETs of {@code readable} and GETs and PUTs of {@code writable} (folders or objects of
     * this job), each valid {@link S3PresigningBroker#DEFAULT_VALIDITY}; {@code lister} lists for it.
     */
    S3PresigningBroker broker(ObjectStore lister, List<ObjectUri> readable, List<ObjectUri> writable) {
        return new S3PresigningBroker(settings(), lister, readable, writable, S3PresigningBroker.DEFAULT_VALIDITY);
    }

    @Override
    public String toString() {
        return "S3Access[" + endpoint + ", " + region + ", pathStyle=" + pathStyle + (caCertificates == null ? "" : ", private CA")
                + (proxy == null ? "" : ", proxy " + proxy) + "]";
    }
}

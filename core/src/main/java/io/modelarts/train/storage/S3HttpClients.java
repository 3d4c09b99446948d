package io.modelarts.train.storage;

import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.ProxyConfiguration;
import software.amazon.awssdk.utils.AttributeMap;

import java.time.Duration;

/**
 * The SDK's asynchronous HTTP client (Netty) for one store: its connection pool, the private CA of
 * {@link S3Settings#caCertificates()} and the proxy of {@link S3Settings#proxy()}.
 *
 * <p>The class is referenced directly, so it loads from this engine's class loader: in Jenkins the s3 classes come from
 * the aws-java-sdk2-s3 plugin, which cannot see aws-java-sdk2-netty-nio-client; the plugin that bundles this engine
 * depends on both. Proxy settings are explicit only: neither {@code https.proxyHost} nor {@code HTTPS_PROXY} of the
 * process is read behind the caller's back (the CLI passes its environment's on purpose).
 */
final class S3HttpClients {

    private S3HttpClients() {
    }

    static SdkAsyncHttpClient create(S3Settings settings) {
        AttributeMap.Builder options = AttributeMap.builder()
                // one pool for the upload and download clients; multipart parts need headroom above the request bound
                .put(SdkHttpConfigurationOption.MAX_CONNECTIONS, settings.maxConcurrency() * 4)
                .put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, Duration.ofMinutes(2));
        if (settings.caCertificates() != null) {
            String pem = settings.caCertificates();
            options.put(SdkHttpConfigurationOption.TLS_TRUST_MANAGERS_PROVIDER, () -> PemTrust.trustManagers(pem));
        }
        ProxyConfiguration.Builder proxy = ProxyConfiguration.builder()
                .useSystemPropertyValues(false)
                .useEnvironmentVariableValues(false);
        if (settings.proxy() != null) {
            proxy.scheme("http").host(settings.proxy().host()).port(settings.proxy().port())
                    .nonProxyHosts(settings.proxy().nonProxyRegexes());
        }
        return NettyNioAsyncHttpClient.builder().proxyConfiguration(proxy.build()).buildWithDefaults(options.build());
    }
}

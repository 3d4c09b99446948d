package io.modelarts.train.cli;

import io.modelarts.train.pool.StorageSettings;
import io.modelarts.train.storage.S3Proxy;
import io.modelarts.train.storage.S3Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine's connection to the catalog's object store, from the catalog and the environment the AWS tools read:
 * credentials through the SDK's default chain ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_WEB_IDENTITY_TOKEN_FILE}, profiles...), a private CA from the PEM file
 * {@code AWS_CA_BUNDLE}, and a proxy from {@code HTTPS_PROXY} (or {@code HTTP_PROXY} for an {@code http://}
 * endpoint) with {@code NO_PROXY}, upper or lower case.
 */
final class StoreConnection {

    private StoreConnection() {
    }

    static S3Settings settings(StorageSettings storage, Map<String, String> env) {
        S3Settings.Builder b = S3Settings.builder().endpoint(storage.endpoint()).region(storage.region()).pathStyle(storage.pathStyle());
        String bundle = variable(env, "AWS_CA_BUNDLE");
        if (bundle != null) {
            try {
                b.caCertificates(Files.readString(Path.of(bundle), StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                throw new CliException(ExitCodes.ERROR, "AWS_CA_BUNDLE: cannot read the CA certificates file " + bundle + ": " + e.getMessage());
            }
        }
        boolean plainHttp = storage.endpoint() != null && storage.endpoint().startsWith("http://");
        String proxyName = plainHttp ? "HTTP_PROXY" : "HTTPS_PROXY";
        String proxy = variable(env, proxyName);
        if (proxy != null) {
            try {
                b.proxy(S3Proxy.parse(proxy, variable(env, "NO_PROXY")));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.ERROR, proxyName + ": " + e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, (bundle != null ? "AWS_CA_BUNDLE " + bundle + ": " : "") + e.getMessage());
        }
    }

    /** {@code NAME}, else {@code name}; null when neither is set or blank. */
    private static String variable(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(java.util.Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.strip();
    }
}

package io.modelarts.train.storage;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP proxy for the engine's object-store requests: {@code host:port} (or {@code http://host:port}) and the hosts
 * reached directly ({@code NO_PROXY} style: exact names, {@code .example.com} or {@code *.example.com} for a domain).
 * Immutable. Proxy credentials are not supported.
 */
public record S3Proxy(String host, int port, Set<String> nonProxyHosts) {

    public S3Proxy {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("proxy: give a host, as host:port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy: port must be 1 to 65535, not " + port);
        }
        nonProxyHosts = Set.copyOf(nonProxyHosts == null ? Set.of() : nonProxyHosts);
    }

    /**
     * Parses {@code host:port} or {@code http://host:port[/]} and a comma-separated no-proxy list (may be null).
     *
     * @throws IllegalArgumentException naming the rule, for anything else
     */
    public static S3Proxy parse(String proxy, String noProxy) {
        String p = proxy == null ? "" : proxy.strip();
        URI uri;
        try {
            uri = URI.create(p.contains("://") ? p : "http://" + p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy: must be host:port or http://host:port, not '" + p + "'", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0 || uri.getUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("proxy: must be host:port or http://host:port (no user, no path), not '" + p + "'");
        }
        return new S3Proxy(uri.getHost(), uri.getPort(), noProxyHosts(noProxy));
    }

    /** {@code NO_PROXY} entries as the SDK matches them: {@code .example.com} becomes {@code *.example.com}. */
    static Set<String> noProxyHosts(String noProxy) {
        Set<String> hosts = new LinkedHashSet<>();
        if (noProxy == null) {
            return hosts;
        }
        for (String h : List.of(noProxy.split("[,\\s]+"))) {
            String host = h.strip().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            hosts.add(host.startsWith(".") ? "*" + host : host);
        }
        return hosts;
    }

    /** The no-proxy entries as the regular expressions the SDK's client matches host names with. */
    Set<String> nonProxyRegexes() {
        Set<String> regexes = new LinkedHashSet<>();
        for (String h : nonProxyHosts) {
            StringBuilder r = new StringBuilder();
            for (String part : h.split("\\*", -1)) {
                if (r.length() > 0 || h.startsWith("*")) {
                    r.append(".*");
                }
                r.append(part.isEmpty() ? "" : java.util.regex.Pattern.quote(part));
            }
            regexes.add(r.toString());
        }
        return regexes;
    }

    @Override
    public String toString() {
        return host + ":" + port + (nonProxyHosts.isEmpty() ? "" : " (not for " + String.join(",", new java.util.TreeSet<>(nonProxyHosts)) + ")");
    }
}

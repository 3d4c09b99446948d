package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-in for the credentials plugin's {@code URIRequirementBuilder}: domain requirements from a URI.
 */
public class URIRequirementBuilder {
    private final List<DomainRequirement> requirements;

    private URIRequirementBuilder(@NonNull List<DomainRequirement> requirements) {
        this.requirements = new ArrayList<>(requirements);
    }

    public static @NonNull URIRequirementBuilder create() {
        return new URIRequirementBuilder(new ArrayList<>());
    }

    public static @NonNull URIRequirementBuilder fromUri(@CheckForNull String uri) {
        return create().withUri(uri);
    }

    public @NonNull URIRequirementBuilder duplicate() {
        return new URIRequirementBuilder(requirements);
    }

    public @NonNull URIRequirementBuilder withUri(@CheckForNull String uri) {
        if (uri == null) {
            return this;
        }
        try {
            URI u = new URI(uri);
            withScheme(u.getScheme());
            if (u.getPort() != -1) {
                withHostnamePort(u.getHost(), u.getPort());
            } else {
                withHostname(u.getHost());
            }
            withPath(u.getRawPath());
        } catch (URISyntaxException e) {
            // not a URI: no requirement
        }
        return this;
    }

    public @NonNull URIRequirementBuilder withoutScheme() {
        requirements.removeIf(r -> r instanceof SchemeRequirement);
        return this;
    }

    public @NonNull URIRequirementBuilder withoutPath() {
        requirements.removeIf(r -> r instanceof PathRequirement);
        return this;
    }

    public @NonNull URIRequirementBuilder withoutHostname() {
        requirements.removeIf(r -> r instanceof HostnameRequirement && !(r instanceof HostnamePortRequirement));
        return this;
    }

    public @NonNull URIRequirementBuilder withoutHostnamePort() {
        requirements.removeIf(r -> r instanceof HostnamePortRequirement);
        return this;
    }

    public @NonNull URIRequirementBuilder withScheme(@CheckForNull String scheme) {
        withoutScheme();
        if (scheme != null) {
            requirements.add(new SchemeRequirement(scheme));
        }
        return this;
    }

    public @NonNull URIRequirementBuilder withPath(@CheckForNull String path) {
        withoutPath();
        if (path != null) {
            requirements.add(new PathRequirement(path));
        }
        return this;
    }

    public @NonNull URIRequirementBuilder withHostname(@CheckForNull String hostname) {
        withoutHostname();
        if (hostname != null) {
            requirements.add(new HostnameRequirement(hostname));
        }
        return this;
    }

    public @NonNull URIRequirementBuilder withHostnamePort(@CheckForNull String hostname, int port) {
        withoutHostname();
        withoutHostnamePort();
        if (hostname != null) {
            requirements.add(new HostnameRequirement(hostname));
            if (port != -1) {
                requirements.add(new HostnamePortRequirement(hostname, port));
            }
        }
        return this;
    }

    public @NonNull List<DomainRequirement> build() {
        return new ArrayList<>(requirements);
    }
}

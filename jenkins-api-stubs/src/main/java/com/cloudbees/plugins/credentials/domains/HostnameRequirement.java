package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * Stand-in for the credentials plugin's {@code HostnameRequirement}.
 */
public class HostnameRequirement extends DomainRequirement {
    private static final long serialVersionUID = 1L;

    private final String hostname;

    public HostnameRequirement(@CheckForNull String hostname) {
        this.hostname = hostname;
    }

    public String getHostname() {
        return hostname;
    }

}

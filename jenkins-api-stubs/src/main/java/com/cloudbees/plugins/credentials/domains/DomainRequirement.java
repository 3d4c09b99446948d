package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

/**
 * Stand-in for the credentials plugin's {@code DomainRequirement}: what the credentials will be used for
 * (scheme, host...), to narrow lookups. The stand-in stores no domains, so requirements do not filter.
 */
public class DomainRequirement implements ExtensionPoint, Serializable {
    private static final long serialVersionUID = 1L;

    public DomainRequirement() {}
}

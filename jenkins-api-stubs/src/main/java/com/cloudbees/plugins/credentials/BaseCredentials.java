package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import jenkins.model.Jenkins;

/**
 * Stand-in for the credentials plugin's {@code BaseCredentials}.
 */
public class BaseCredentials implements Credentials {
    private static final long serialVersionUID = 1L;

    private final CredentialsScope scope;

    protected BaseCredentials() {
        this(CredentialsScope.GLOBAL);
    }

    public BaseCredentials(@CheckForNull CredentialsScope scope) {
        this.scope = scope;
    }

    @Override
    public CredentialsScope getScope() {
        return scope;
    }

    @Override
    public @NonNull CredentialsDescriptor getDescriptor() {
        return (CredentialsDescriptor) Jenkins.get().getDescriptorOrDie(getClass());
    }
}

package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

/**
 * Stand-in for the credentials plugin's {@code CredentialsDescriptor}.
 */
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
    protected CredentialsDescriptor(Class<? extends Credentials> clazz) {
        super(clazz);
    }

    protected CredentialsDescriptor() {}
}

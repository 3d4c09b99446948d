package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Run;
import java.io.Serializable;

/**
 * Stand-in for the credentials plugin's {@code Credentials}.
 */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
    CredentialsScope getScope();

    @Override
    @NonNull
    CredentialsDescriptor getDescriptor();

    /** The form of these credentials to use in {@code context}; themselves by default. */
    default @NonNull Credentials forRun(@NonNull Run<?, ?> context) {
        return this;
    }
}

package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * Stand-in for the credentials plugin's {@code UsernameCredentials}.
 */
public interface UsernameCredentials extends Credentials {
    @NonNull
    String getUsername();

    /** Whether the user name should be masked like a secret. */
    default boolean isUsernameSecret() {
        return false;
    }
}

package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * Stand-in for the credentials plugin's {@code StandardCredentials}: id plus description.
 */
public interface StandardCredentials extends IdCredentials {
    @NonNull
    String getDescription();
}

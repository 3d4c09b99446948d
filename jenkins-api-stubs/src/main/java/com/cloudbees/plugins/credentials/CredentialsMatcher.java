package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * Stand-in for the credentials plugin's {@code CredentialsMatcher}: a filter on credentials.
 */
public interface CredentialsMatcher extends Serializable {
    boolean matches(@NonNull Credentials item);
}

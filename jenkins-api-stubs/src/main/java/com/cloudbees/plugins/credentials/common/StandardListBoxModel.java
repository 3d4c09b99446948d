package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * Stand-in for the credentials plugin's {@code StandardListBoxModel}: the usual {@code doFillCredentialsIdItems}
 * answer. Options are named like the credentials plugin names them (user name, description or id).
 */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    @Override
    public @NonNull String describe(@NonNull StandardCredentials c) {
        return CredentialsNameProvider.name(c);
    }
}

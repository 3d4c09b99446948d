package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.UsernameCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/**
 * Stand-in for the credentials plugin's {@code CredentialsNameProvider}: the display name of credentials in
 * drop-downs. Never includes a secret (a secret user name is shown masked).
 */
public abstract class CredentialsNameProvider<C extends Credentials> {
    public abstract @NonNull String getName(@NonNull C credentials);

    /** The display name the stand-in gives {@code credentials}. */
    public static @NonNull String name(@NonNull Credentials credentials) {
        String description = credentials instanceof StandardCredentials
                ? ((StandardCredentials) credentials).getDescription().trim() : "";
        String suffix = description.isEmpty() ? "" : " (" + description + ")";
        if (credentials instanceof UsernameCredentials) {
            UsernameCredentials u = (UsernameCredentials) credentials;
            return (u.isUsernameSecret() ? "******" : u.getUsername() + "/******") + suffix;
        }
        if (credentials instanceof FileCredentials) {
            return ((FileCredentials) credentials).getFileName() + suffix;
        }
        if (!description.isEmpty()) {
            return description;
        }
        if (credentials instanceof IdCredentials) {
            return ((IdCredentials) credentials).getId();
        }
        return credentials.getClass().getSimpleName();
    }
}

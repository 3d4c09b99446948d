package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.security.KeyStore;

/**
 * Stand-in for the credentials plugin's {@code CertificateCredentials}: a client certificate with its private key in
 * a key store (PKCS#12), unlocked by {@link #getPassword()}.
 */
public interface CertificateCredentials extends Credentials, PasswordCredentials {
    @NonNull
    KeyStore getKeyStore();
}

package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collections;

/**
 * PEM text for the Kubernetes client from Jenkins' certificate credentials (a PKCS#12 key store with a password),
 * and the check of a pasted server CA. The key store's first entry with a private key is the client's identity.
 */
final class ClientCertificates {

    private ClientCertificates() {
    }

    /** The client certificate and key of {@code c}; an {@link IOException} names what is missing. */
    static ClusterAuth auth(StandardCertificateCredentials c) throws IOException {
        KeyStore ks = c.getKeyStore();
        char[] password = c.getPassword().getPlainText().toCharArray();
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key key = ks.getKey(alias, password);
                Certificate[] chain = ks.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    StringBuilder certs = new StringBuilder();
                    for (Certificate cert : chain) {
                        certs.append(pem("CERTIFICATE", cert.getEncoded()));
                    }
                    return ClusterAuth.clientCertificate(certs.toString(), pem("PRIVATE KEY", pk.getEncoded()), pk.getAlgorithm());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the client certificate and key of credentials '" + c.getId() + "': " + e.getMessage(), e);
        }
        throw new IOException("the certificate credentials '" + c.getId() + "' hold no private key with a certificate");
    }

    /** Checks that {@code pem} holds at least one X.509 certificate; the message says what is wrong. */
    static void checkCertificates(String pem) throws CertificateException {
        var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new CertificateException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}

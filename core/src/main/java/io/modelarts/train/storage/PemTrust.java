package io.modelarts.train.storage;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Trust for a store whose certificate a private CA signed: the CA's PEM certificates are trusted besides the JDK's
 * own CAs (a company proxy or a public endpoint keeps working). Host names are still verified by the client.
 */
final class PemTrust {

    private PemTrust() {
    }

    /** The certificates of a PEM bundle; a clear error for anything that is not one. */
    static List<X509Certificate> parse(String pem) {
        Collection<? extends java.security.cert.Certificate> certs;
        try {
            certs = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CA certificates: not a PEM bundle (-----BEGIN CERTIFICATE----- ...): " + e.getMessage(), e);
        }
        List<X509Certificate> list = new ArrayList<>();
        certs.forEach(c -> list.add((X509Certificate) c));
        if (list.isEmpty()) {
            throw new IllegalArgumentException("CA certificates: the PEM bundle holds no certificate");
        }
        return list;
    }

    /** Trust managers that accept a chain either the bundle's CAs or the JDK's CAs vouch for. */
    static TrustManager[] trustManagers(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : parse(pem)) {
                store.setCertificateEntry("private-ca-" + i++, c);
            }
            return new TrustManager[] {new Either(x509(store), x509(null))};
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new StorageException("cannot set up trust for the CA certificates: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in " + f.getAlgorithm());
    }

    /** The private CA first; when it does not vouch for the chain, the JDK's CAs decide (and their error is reported). */
    private static final class Either extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        private interface Check {
            void run(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void check(Check check) throws CertificateException {
            try {
                check.run(first);
            } catch (CertificateException notOurs) {
                try {
                    check.run(second);
                } catch (CertificateException e) {
                    e.addSuppressed(notOurs);
                    throw e;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(tm -> tm.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(tm -> tm.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(tm -> tm.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            all.addAll(List.of(second.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }
}

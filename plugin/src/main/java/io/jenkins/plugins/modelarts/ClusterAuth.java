package io.jenkins.plugins.modelarts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the plugin authenticates to one cluster: a kubeconfig (secret file credentials), a bearer token (secret
 * text credentials), a client certificate (certificate credentials: the private key as material, the PEM
 * certificate chain beside it), or neither (the controller's own kubeconfig or in-cluster service account). Lives
 * only in memory, never persisted or printed ({@link #toString()} hides the material).
 */
final class ClusterAuth {

    enum Kind { NONE, KUBECONFIG, TOKEN, CERTIFICATE }

    static final ClusterAuth NONE = new ClusterAuth(Kind.NONE, null, null, null);

    final Kind kind;
    /** The secret part: the kubeconfig, the token, or the client's private key (PEM, PKCS#8). */
    final String material;
    /** With a client certificate: its chain (PEM), which is not secret. */
    final String certificate;
    /** With a client certificate: the key's algorithm ({@code RSA}, {@code EC}). */
    final String keyAlgorithm;

    private ClusterAuth(Kind kind, String material, String certificate, String keyAlgorithm) {
        this.kind = kind;
        this.material = material;
        this.certificate = certificate;
        this.keyAlgorithm = keyAlgorithm;
    }

    static ClusterAuth kubeconfig(String text) {
        return new ClusterAuth(Kind.KUBECONFIG, text, null, null);
    }

    static ClusterAuth token(String token) {
        return new ClusterAuth(Kind.TOKEN, token, null, null);
    }

    static ClusterAuth clientCertificate(String certificateChainPem, String privateKeyPem, String keyAlgorithm) {
        return new ClusterAuth(Kind.CERTIFICATE, privateKeyPem, certificateChainPem, keyAlgorithm);
    }

    /** A digest of the material: part of the client cache key, so rotated credentials get a new client. */
    String fingerprint() {
        if (material == null) {
            return kind.name();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(material.getBytes(StandardCharsets.UTF_8));
            if (certificate != null) {
                sha.update(certificate.getBytes(StandardCharsets.UTF_8));
            }
            return kind.name() + ":" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClusterAuth[" + kind + "]";
    }
}

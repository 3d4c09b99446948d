package io.jenkins.plugins.modelarts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the plugin authenticates to one cluster: a kubeconfig (secret file credentials), a bearer token (secret
 * text credentials), or neither (the controller's own kubeconfig or in-cluster service account). Lives only in
 * memory, never persisted or printed ({@link #toString()} hides the material).
 */
final class ClusterAuth {

    enum Kind { NONE, KUBECONFIG, TOKEN }

    static final ClusterAuth NONE = new ClusterAuth(Kind.NONE, null);

    final Kind kind;
    final String material;

    private ClusterAuth(Kind kind, String material) {
        this.kind = kind;
        this.material = material;
    }

    static ClusterAuth kubeconfig(String text) {
        return new ClusterAuth(Kind.KUBECONFIG, text);
    }

    static ClusterAuth token(String token) {
        return new ClusterAuth(Kind.TOKEN, token);
    }

    /** A digest of the material: part of the client cache key, so rotated credentials get a new client. */
    String fingerprint() {
        if (material == null) {
            return kind.name();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return kind.name() + ":" + HexFormat.of().formatHex(sha.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClusterAuth[" + kind + "]";
    }
}

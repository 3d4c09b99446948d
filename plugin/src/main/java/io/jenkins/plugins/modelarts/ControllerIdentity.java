package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * Who created a Kubernetes Job, as labels on the Job: this controller's id (kept in its configuration file) and a
 * short digest of its root URL. The id alone is not an identity: a cloned or restored {@code JENKINS_HOME} (a staging
 * copy, an upgrade test) has the same one, but it serves under another URL. {@link OrphanedJobCleanup} only ever
 * looks at Jobs that carry both labels of this controller.
 */
final class ControllerIdentity {

    /** Label: the controller id of {@link ModelArtsGlobalConfiguration}. */
    static final String CONTROLLER_LABEL = "modelarts-train/controller";
    /** Label: {@link #urlDigest(String)} of the controller's root URL. */
    static final String URL_LABEL = "modelarts-train/controller-url";

    private ControllerIdentity() {
    }

    /**
     * A label value for a root URL: the first 20 hex digits of the SHA-256 of the URL, lower-cased, with one trailing
     * slash (so {@code https://ci.example.com} and {@code https://CI.example.com/} are the same controller).
     */
    static String urlDigest(String rootUrl) {
        String url = rootUrl.trim().toLowerCase(Locale.ROOT);
        if (!url.endsWith("/")) {
            url = url + "/";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest of this controller's root URL, or null while Jenkins has no URL configured. */
    static @CheckForNull String urlDigest() {
        String url = Jenkins.get().getRootUrl();
        return url == null || url.isBlank() ? null : urlDigest(url);
    }

    /** The labels of this controller's Jobs: the controller id, and the URL digest once a root URL is configured. */
    static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CONTROLLER_LABEL, ModelArtsGlobalConfiguration.get().controllerId());
        String url = urlDigest();
        if (url != null) {
            labels.put(URL_LABEL, url);
        }
        return labels;
    }
}

package hudson;

/**
 * Stand-in for {@code hudson.Functions}, reduced to what the plugin calls.
 */
public class Functions {

    public Functions() {
    }

    /**
     * Whether the "Artifacts" permission of a build is in use: off unless the system property
     * {@code hudson.security.ArtifactsPermission} is {@code true}, as in Jenkins.
     */
    public static boolean isArtifactsPermissionEnabled() {
        return Boolean.getBoolean("hudson.security.ArtifactsPermission");
    }
}

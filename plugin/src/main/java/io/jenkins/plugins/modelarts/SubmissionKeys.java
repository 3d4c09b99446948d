package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Job;
import hudson.model.Run;
import jenkins.model.Jenkins;

/**
 * The submission keys of this controller's jobs, {@code jenkins/<controller id>/<build>#<step>}: unique per build step
 * (so a retry of the step attaches to its Kubernetes Job and the next build creates a new one), and readable back to
 * the build, so that {@link OrphanedJobCleanup} can tell this controller's Jobs whose build is gone from the others.
 */
final class SubmissionKeys {

    private SubmissionKeys() {
    }

    private static String prefix() {
        return "jenkins/" + ModelArtsGlobalConfiguration.get().controllerId() + "/";
    }

    /** A Pipeline step's key: the build and the step's flow node. */
    static String forStep(Run<?, ?> build, String nodeId) {
        return prefix() + build.getExternalizableId() + "#" + nodeId;
    }

    /** The key of the {@code n}-th ModelArts build step of a freestyle build. */
    static String forFreestyle(Run<?, ?> build, int n) {
        return prefix() + build.getExternalizableId() + "#freestyle-" + n;
    }

    /** The build id ({@code <job full name>#<number>}) of a key this controller made, or null for any other key. */
    static @CheckForNull String buildOf(@CheckForNull String key) {
        String p = prefix();
        if (key == null || !key.startsWith(p)) {
            return null;
        }
        String rest = key.substring(p.length());
        int step = rest.lastIndexOf('#');
        return step <= 0 ? null : rest.substring(0, step);
    }

    /** The build with that id, or null when it (or its job) no longer exists. */
    static @CheckForNull Run<?, ?> build(String buildId) {
        int hash = buildId.lastIndexOf('#');
        if (hash <= 0) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(buildId.substring(hash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        Job<?, ?> job = Jenkins.get().getItemByFullName(buildId.substring(0, hash), Job.class);
        return job == null ? null : job.getBuildByNumber(number);
    }

    /** {@code key} as a file name: every character but letters, digits, {@code .}, {@code _} and {@code -} as {@code _}. */
    static String fileName(String key) {
        return key.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

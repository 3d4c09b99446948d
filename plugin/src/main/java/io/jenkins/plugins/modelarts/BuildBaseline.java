package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import io.modelarts.train.baseline.Baseline;
import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.metrics.RunMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import jenkins.util.VirtualFile;

/**
 * The baseline of a retraining build: the newest earlier build of the same Jenkins job whose result is SUCCESS and
 * that archived {@code modelarts/<job>/metrics.json} or {@code fingerprint.json}. A build the gate made UNSTABLE (or
 * FAILURE) is never a baseline, so a regression cannot become the bar the next night is measured against; a build
 * that skipped an unchanged retrain is one (it archived the baseline's metrics as its own).
 *
 * <p>The files are read through the build's artifact manager, so it works wherever artifacts are kept. Only the
 * texts travel (this object is serializable, for an agent): {@link #toBaseline()} parses them.
 */
final class BuildBaseline implements Serializable {

    private static final long serialVersionUID = 1L;
    /** How many earlier builds are looked at, newest first: the lookup stays cheap on a job with a long history. */
    static final int MAX_BUILDS_LOOKED_AT = 50;

    private final int build;
    private final String label;
    private final String metricsJson;
    private final String fingerprintJson;

    private BuildBaseline(int build, String metricsJson, String fingerprintJson) {
        this.build = build;
        this.label = "build #" + build;
        this.metricsJson = metricsJson;
        this.fingerprintJson = fingerprintJson;
    }

    /** The baseline for a run of training job {@code jobName} in {@code current}, or null when there is none yet. */
    @CheckForNull
    static BuildBaseline find(Run<?, ?> current, String jobName) throws IOException {
        Run<?, ?> r = current.getPreviousBuild();
        for (int seen = 0; r != null && seen < MAX_BUILDS_LOOKED_AT; seen++, r = r.getPreviousBuild()) {
            if (r.isBuilding() || r.getResult() != Result.SUCCESS) {
                continue;
            }
            BuildBaseline b = of(r, jobName);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** Build {@code number} of {@code job} as the baseline again (a step resumed after a restart); null when it is gone. */
    @CheckForNull
    static BuildBaseline ofBuild(Job<?, ?> job, int number, String jobName) throws IOException {
        Run<?, ?> r = job.getBuildByNumber(number);
        return r == null ? null : of(r, jobName);
    }

    /** What {@code r} archived for {@code jobName}; null when it archived neither file. */
    @CheckForNull
    static BuildBaseline of(Run<?, ?> r, String jobName) throws IOException {
        VirtualFile dir = r.getArtifactManager().root().child(JobSetup.WORKSPACE_DIR + "/" + jobName);
        String metrics = read(dir.child(RunMetrics.FILE_NAME));
        String fingerprint = read(dir.child(Fingerprint.FILE_NAME));
        return metrics == null && fingerprint == null ? null : new BuildBaseline(r.getNumber(), metrics, fingerprint);
    }

    @CheckForNull
    private static String read(VirtualFile f) throws IOException {
        if (!f.isFile()) {
            return null;
        }
        try (InputStream in = f.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    int build() {
        return build;
    }

    String label() {
        return label;
    }

    /**
     * The engine's baseline.
     *
     * @throws AbortException naming the build and the file when an archived file is not in its shape
     */
    Baseline toBaseline() throws AbortException {
        try {
            return Baseline.of(label, metricsJson, fingerprintJson);
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.BuildBaseline_Unreadable(label, e.getMessage()));
        }
    }
}

package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a build's job, shared by the step and the builder: archive what it left (see {@link Archiving}) and
 * give the build its "Training report" link. A skipped run downloads no outputs: it left only the effective spec,
 * the fingerprint, the baseline's metrics and a short report.
 */
final class StepArtifacts {

    private static final Logger LOGGER = Logger.getLogger(StepArtifacts.class.getName());

    private StepArtifacts() {
    }

    /** The summary with what was collected, and how many files were archived. */
    record Done(JobSummary summary, int archived) {
    }

    /**
     * A Kubernetes job ended: its artifacts (kept in {@code staging} on the controller) and outputs go into the
     * workspace and the build's artifacts. A failure to archive is said in the console; the summary stands.
     */
    static Done kubernetes(Run<?, ?> build, @CheckForNull FilePath ws, @CheckForNull Launcher launcher, TaskListener listener,
                           String jobName, String staging, RunOutcome outcome, @CheckForNull JobPlan plan, @CheckForNull String archive,
                           @CheckForNull S3Access s3, @CheckForNull ObjectStore store, List<String> secrets)
            throws IOException, InterruptedException {
        JobSummary summary = JobSummary.of(outcome);
        int archived = 0;
        try {
            // a skipped run has no outputs of its own: the store holds an earlier run's
            Archiving.Archived a = Archiving.collectAndArchive(build, ws, launcher, listener, jobName, new FilePath(new File(staging)),
                    outcome.wasSkipped() ? null : plan, archive, s3, store, secrets);
            archived = a.files();
            summary = summary.withCollection(a.outputs(), a.problems());
        } catch (IOException e) {
            JenkinsConsole.println(listener, secrets, Messages.ModelArtsTrainExecution_ArchiveFailed(String.valueOf(e.getMessage())));
        }
        attachReport(build, jobName);
        return new Done(summary, archived);
    }

    /** A local job ended: its folder of the workspace ({@code modelarts/<job>/}) goes into the build's artifacts. */
    static int local(Run<?, ?> build, FilePath ws, @CheckForNull Launcher launcher, TaskListener listener, String jobName)
            throws IOException, InterruptedException {
        String folder = JobSetup.WORKSPACE_DIR + "/" + jobName;
        int archived = Archiving.archive(build, ws.child(folder), folder, launcher != null ? launcher : new Launcher.LocalLauncher(listener),
                listener);
        attachReport(build, jobName);
        return archived;
    }

    /** The build page's link to the archived report, when there is one; a failure only costs the link. */
    static void attachReport(Run<?, ?> build, String jobName) {
        try {
            TrainingReportAction.attachIfArchived(build, jobName);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "cannot link the training report of " + jobName + " in " + build, e);
        }
    }
}

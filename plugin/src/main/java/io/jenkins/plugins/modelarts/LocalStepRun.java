package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.storage.ObjectStore;
import java.util.function.BooleanSupplier;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The Pipeline step's job on the {@code local} backend, on the plugin's local pool: it holds that thread while the
 * job runs ({@link LocalRun}), archives the job's folder of the workspace, and hands over how it ended. Interrupting
 * the thread (an abort) stops the job's processes.
 */
final class LocalStepRun implements Runnable {

    /** How the run ended: a summary, or the error that ended it instead (the archive's, when archiving failed). */
    @FunctionalInterface
    interface Ending {
        void ended(@CheckForNull JobSummary summary, int archived, @CheckForNull Throwable error);
    }

    private final JobSetup.Prepared prepared;
    private final String submissionKey;
    private final String archive;
    private final StepContext context;
    private final Run<?, ?> build;
    private final TaskListener listener;
    private final FilePath ws;
    private final BuildBaseline baseline;
    private final BooleanSupplier stepCompleted;
    private final Ending ending;

    LocalStepRun(JobSetup.Prepared prepared, String submissionKey, @CheckForNull String archive, StepContext context, Run<?, ?> build,
                 TaskListener listener, FilePath ws, @CheckForNull BuildBaseline baseline, BooleanSupplier stepCompleted, Ending ending) {
        this.prepared = prepared;
        this.submissionKey = submissionKey;
        this.archive = archive;
        this.context = context;
        this.build = build;
        this.listener = listener;
        this.ws = ws;
        this.baseline = baseline;
        this.stepCompleted = stepCompleted;
        this.ending = ending;
    }

    @Override
    public void run() {
        JobSummary summary = null;
        Throwable error = null;
        try (ObjectStore lister = prepared.s3 == null ? null : prepared.s3.open()) {
            Launcher launcher = context.get(Launcher.class);
            if (launcher == null) {
                throw new AbortException(Messages.ModelArtsTrainExecution_LocalNeedsWorkspace());
            }
            summary = LocalRun.run(prepared, submissionKey, archive, ws, launcher, context.get(EnvVars.class), listener, lister, baseline);
        } catch (Throwable e) {
            error = e;
        }
        // an abort interrupted the job: what it left is still archived, and the flag is set again afterwards
        boolean interrupted = error instanceof InterruptedException;
        if (stepCompleted.getAsBoolean()) {
            restore(interrupted);
            return; // stopped and completed meanwhile: nothing more to say
        }
        int archived = 0;
        try {
            archived = StepArtifacts.local(build, ws, context.get(Launcher.class), listener, prepared.jobName());
        } catch (Throwable e) {
            interrupted |= e instanceof InterruptedException;
            summary = null;
            error = error != null ? error : e;
        }
        try {
            ending.ended(summary, archived, error);
        } finally {
            restore(interrupted);
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.plan.JobPlan;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The Jenkins side of a retraining run, shared by the step and the builder: before it, which build is the baseline
 * (said in the console); after it, what a skipped run or a failed regression gate does to the build. The engine
 * has already printed the metrics and every gate condition with both values; this says what it means for the build.
 */
final class RetrainOutcome {

    private static final Logger LOGGER = Logger.getLogger(RetrainOutcome.class.getName());

    private RetrainOutcome() {
    }

    /**
     * The baseline of {@code build} for {@code plan}: the persisted build number when there is one (a resumed step
     * uses the baseline it started with), else the newest earlier SUCCESS build that archived the job's files.
     * Said in the console when the job uses metrics, a gate or {@code skipIfUnchanged}.
     */
    @CheckForNull
    static BuildBaseline lookUp(Run<?, ?> build, JobPlan plan, @CheckForNull Integer persisted, TaskListener listener,
                                List<String> secrets) throws IOException {
        String job = plan.jobName();
        BuildBaseline b = persisted != null ? BuildBaseline.ofBuild(build.getParent(), persisted, job) : BuildBaseline.find(build, job);
        if (!plan.spec().retraining().isEmpty()) {
            JenkinsConsole.println(listener, secrets, b != null ? Messages.RetrainOutcome_Baseline(b.label(), job)
                    : Messages.RetrainOutcome_NoBaseline(job));
        }
        return b;
    }

    /**
     * Why the step (or builder) fails, or null when it succeeds: a job that did not complete (or whose outputs could not
     * be collected), else what {@link #apply} says of the gate.
     *
     * @throws AbortException when {@code gateResult} is neither UNSTABLE nor FAILURE
     */
    @CheckForNull
    static AbortException failure(JobSummary s, @CheckForNull String gateResult, Run<?, ?> build, @CheckForNull FlowNode node,
                                  String jobName, TaskListener listener, List<String> secrets) throws AbortException {
        if (!s.succeeded()) {
            return new AbortException(s.failureMessage(jobName));
        }
        return apply(s, GateResult.parse(gateResult), build, node, jobName, listener, secrets);
    }

    /**
     * Says what the run means for the build: a skip in one line; a failed gate either makes the build UNSTABLE
     * (returns null: the step completes as usual) or, with {@code gateResult: 'FAILURE'}, returns the failure to
     * end the step with. Null when there is nothing to do.
     */
    @CheckForNull
    static AbortException apply(JobSummary s, Result gateResult, Run<?, ?> build, @CheckForNull FlowNode node, String jobName,
                                TaskListener listener, List<String> secrets) {
        if (s.wasSkipped()) {
            JenkinsConsole.println(listener, secrets, Messages.RetrainOutcome_Skipped(jobName, s.skipped()));
            return null;
        }
        if (!s.regressed()) {
            return null;
        }
        StringBuilder failed = new StringBuilder();
        for (String f : s.gateFailures()) {
            failed.append("\n  ").append(f);
        }
        if (gateResult == Result.FAILURE) {
            return new AbortException(Messages.RetrainOutcome_GateFailed(jobName, failed));
        }
        JenkinsConsole.println(listener, secrets, Messages.RetrainOutcome_Unstable(jobName, s.gateFailures().size()));
        // as the unstable step does: the result of the build, which can only get worse, and in a Pipeline a warning on
        // the step's node, so that the stage view and pipeline-graph-view show which stage made the build unstable
        build.setResult(Result.UNSTABLE);
        if (node != null) {
            node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(Messages.RetrainOutcome_Warning(jobName, s.gateFailures().size())));
        }
        return null;
    }

    /** The step's flow node, for a warning on it; null (logged) when the context can no longer give it. */
    @CheckForNull
    static FlowNode flowNode(StepContext context, String jobName) {
        try {
            return context.get(FlowNode.class);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "The flow node of the modelartsTrain step of job " + jobName + " is not available", e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

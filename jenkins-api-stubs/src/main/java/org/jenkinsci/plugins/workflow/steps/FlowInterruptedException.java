package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Arrays;
import java.util.List;
import jenkins.model.CauseOfInterruption;

/**
 * Stand-in for workflow-step-api's {@code FlowInterruptedException}: a step or build was interrupted, with the
 * result to set (e.g. {@code ABORTED}) and the causes.
 */
public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 1L;

    private final @NonNull Result result;
    private final @NonNull List<CauseOfInterruption> causes;
    private boolean actualInterruption = true;

    @Deprecated
    public FlowInterruptedException(@NonNull Result result, @NonNull CauseOfInterruption... causes) {
        this(result, true, causes);
    }

    public FlowInterruptedException(@NonNull Result result, boolean actualInterruption, @NonNull CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = actualInterruption;
    }

    public @NonNull Result getResult() {
        return result;
    }

    public @NonNull List<CauseOfInterruption> getCauses() {
        return causes;
    }

    public boolean isActualInterruption() {
        return actualInterruption;
    }

    public void setActualInterruption(boolean actualInterruption) {
        this.actualInterruption = actualInterruption;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(result.toString());
        for (CauseOfInterruption c : causes) {
            sb.append(", ").append(c.getShortDescription());
        }
        return sb.toString();
    }

    /** Prints the causes and sets the run's result. */
    public void handle(Run<?, ?> run, TaskListener listener) {
        for (CauseOfInterruption c : causes) {
            c.print(listener);
        }
        if (run.isBuilding()) {
            run.setResult(result);
        }
    }
}

package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.Future;
import jenkins.model.CauseOfInterruption;

/**
 * Stand-in for workflow-step-api's {@code BodyExecution}: a running block body.
 */
public abstract class BodyExecution implements Future<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract Collection<StepExecution> getCurrentExecutions();

    public boolean cancel(CauseOfInterruption... causes) {
        return cancel(new FlowInterruptedException(hudson.model.Result.ABORTED, true, causes));
    }

    @Override
    public boolean cancel(boolean b) {
        return cancel(new FlowInterruptedException(hudson.model.Result.ABORTED, true));
    }

    public abstract boolean cancel(Throwable t);
}

package io.jenkins.plugins.testsupport;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.Extension;
import hudson.init.Terminator;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutionIterator;

/** What the Pipeline engine registers in Jenkins: the iterator over running steps, and the suspending terminator. */
public final class PipelineEngine {
    private PipelineEngine() {
    }

    /** {@code StepExecution.acceptAll} reaches the running steps of every build through this. */
    @Extension
    public static final class RunningSteps extends StepExecutionIterator {
        @Override
        public ListenableFuture<?> accept(Consumer<StepExecution> f) {
            Session s = Session.current();
            return s == null ? Futures.immediateFuture(null) : s.acceptAll(f);
        }
    }

    /**
     * Saves every running build's program and closes its console, as workflow-cps does at shutdown; Jenkins is not
     * yet {@code isTerminating()} while this runs.
     */
    @Terminator(attains = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void suspendAll() {
        Session s = Session.current();
        if (s != null) {
            s.suspendAll();
        }
    }
}

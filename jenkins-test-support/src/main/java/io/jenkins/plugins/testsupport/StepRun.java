package io.jenkins.plugins.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * One step of a build as the Pipeline engine sees it: its execution, and every completion it was given. The first
 * completion is the outcome (as in {@code CpsStepContext}); later ones are recorded, so a test can show there were
 * none.
 */
public final class StepRun {
    final TestBuild build;
    final String id;
    volatile StepExecution execution;
    final List<Object> successes = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);

    StepRun(TestBuild build, String id) {
        this.build = build;
        this.id = id;
    }

    public TestBuild build() {
        return build;
    }

    /** The flow node id of the step. */
    public String id() {
        return id;
    }

    /** The step's flow node, with the actions the step put on it. */
    public org.jenkinsci.plugins.workflow.graph.FlowNode node() {
        return build.node(id);
    }

    /** The current execution (after a restart: the one read back from {@code program.dat}). */
    public StepExecution execution() {
        return execution;
    }

    public List<Object> successes() {
        return List.copyOf(successes);
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    public int completions() {
        return successes.size() + failures.size();
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until the step completed; false on timeout. */
    public boolean await(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    void completed() {
        done.countDown();
    }
}

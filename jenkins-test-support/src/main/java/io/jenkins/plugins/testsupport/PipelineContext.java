package io.jenkins.plugins.testsupport;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The harness's {@code CpsStepContext}: serialisable with the program (it holds only the build and step ids) and
 * resolved against whichever Jenkins session is current once read back. A context of a session that ended (shut
 * down or crashed) is dead: what it is told no longer reaches any build, as after a real JVM exit.
 */
final class PipelineContext extends StepContext {
    private static final long serialVersionUID = 1L;

    private final String job;
    private final int number;
    private final String stepId;
    private transient volatile Session session;

    PipelineContext(Session session, TestBuild build, String stepId) {
        this.session = session;
        this.job = build.getParent().getName();
        this.number = build.getNumber();
        this.stepId = stepId;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        session = Session.loading();
    }

    private Session live() throws IOException {
        Session s = session;
        if (s == null || !s.alive()) {
            throw new IOException("the Jenkins session of this step is over");
        }
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> key) throws IOException, InterruptedException {
        Session s = live();
        TestBuild b = s.build(job, number);
        if (b == null) {
            throw new IOException("no build " + job + "#" + number);
        }
        if (key == Run.class || key == TestBuild.class) {
            return (T) b;
        }
        if (key == TaskListener.class) {
            return (T) b.listener();
        }
        if (key == FilePath.class) {
            return (T) b.workspace();
        }
        if (key == Launcher.class) {
            return (T) new Launcher.LocalLauncher(b.listener());
        }
        if (key == EnvVars.class) {
            return (T) b.getEnvironment(b.listener());
        }
        if (key == FlowNode.class) {
            return (T) b.node(stepId);
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        Session s = session;
        if (s != null && s.alive()) {
            s.completed(job, number, stepId, result, null);
        }
    }

    @Override
    public void onFailure(Throwable t) {
        Session s = session;
        if (s != null && s.alive()) {
            s.completed(job, number, stepId, null, t);
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    /** Performance-optimized: nothing. Max survivability: the build's whole program is written now. */
    @Override
    public ListenableFuture<Void> saveState() {
        Session s = session;
        if (s == null || !s.alive() || s.durability() == Durability.PERFORMANCE_OPTIMIZED) {
            return Futures.immediateFuture(null);
        }
        return s.saveProgram(job, number);
    }

    @Override
    @Deprecated
    public void setResult(Result r) {
        Session s = session;
        if (s != null && s.alive()) {
            TestBuild b = s.build(job, number);
            if (b != null && b.isBuilding()) {
                b.setResult(r);
            }
        }
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("this step takes no body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineContext c && c.job.equals(job) && c.number == number && c.stepId.equals(stepId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(job, number, stepId);
    }

    @Override
    public String toString() {
        return "PipelineContext[" + job + "#" + number + ":" + stepId + "]";
    }
}

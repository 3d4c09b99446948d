package io.jenkins.plugins.modelarts;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.StreamTaskListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step context for tests: it hands out the run, console, workspace, launcher and flow node of an {@link Env},
 * records every completion, and survives Java serialization (it keeps only an id; the environment stays in this
 * JVM), as a {@code CpsStepContext} survives a controller restart.
 */
final class FakeStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Env> ENVS = new ConcurrentHashMap<>();

    /** What the context gives out, and what it heard. */
    static final class Env {
        final Run<?, ?> run;
        final FilePath workspace;
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final TaskListener listener = new StreamTaskListener(console, StandardCharsets.UTF_8);
        final FlowNode node;
        final List<Object> successes = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger saves = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        /** The step context's environment ({@code withEnv} and the node's variables). */
        hudson.EnvVars environment = new hudson.EnvVars();
        /** The launcher of the node block, e.g. one decorated as {@code container()} does; a local one when null. */
        Launcher launcher;

        Env(Run<?, ?> run, FilePath workspace, String nodeId) {
            this.run = run;
            this.workspace = workspace;
            this.node = new FlowNode(null, nodeId) {
                @Override
                protected String getTypeDisplayName() {
                    return "modelartsTrain";
                }
            };
        }

        String console() {
            synchronized (console) {
                return console.toString(StandardCharsets.UTF_8);
            }
        }

        int completions() {
            return successes.size() + failures.size();
        }

        boolean awaitDone(long seconds) throws InterruptedException {
            return done.await(seconds, TimeUnit.SECONDS);
        }
    }

    private final String id = UUID.randomUUID().toString();

    FakeStepContext(Env env) {
        ENVS.put(id, env);
    }

    Env env() {
        return ENVS.get(id);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> key) {
        Env e = env();
        if (key == Run.class) {
            return (T) e.run;
        }
        if (key == TaskListener.class) {
            return (T) e.listener;
        }
        if (key == FilePath.class) {
            return (T) e.workspace;
        }
        if (key == Launcher.class) {
            return e.workspace == null ? null : e.launcher != null ? (T) e.launcher : (T) new Launcher.LocalLauncher(e.listener);
        }
        if (key == hudson.EnvVars.class) {
            return e.workspace == null ? null : (T) e.environment;
        }
        if (key == FlowNode.class) {
            return (T) e.node;
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        env().successes.add(result);
        env().done.countDown();
    }

    @Override
    public void onFailure(Throwable t) {
        env().failures.add(t);
        env().done.countDown();
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        env().saves.incrementAndGet();
        return Futures.immediateFuture(null);
    }

    @Override
    @Deprecated
    public void setResult(Result r) {
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("no body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeStepContext f && f.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}

package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.io.IOException;
import java.io.Serializable;

/**
 * Stand-in for workflow-step-api's {@code StepContext}: the running step's handle. {@code get(Class)} looks up
 * context objects ({@code TaskListener}, {@code Run}, {@code FilePath}, {@code Launcher}, {@code EnvVars},
 * {@code FlowNode}...); {@code onSuccess}/{@code onFailure} (from Guava's {@link FutureCallback}) complete the
 * step. Tests implement it as a fake.
 */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    public abstract boolean isReady();

    /** Asks for the program state (and this step's execution) to be saved. */
    public abstract ListenableFuture<Void> saveState();

    @Deprecated
    public abstract void setResult(Result r);

    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

    public boolean hasBody() {
        return false;
    }

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}

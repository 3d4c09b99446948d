package org.jenkinsci.plugins.workflow.steps;

import com.google.common.base.Function;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import java.util.function.Consumer;

/**
 * Stand-in for workflow-step-api's {@code StepExecutionIterator}: an extension that finds the running step
 * executions (the Pipeline engine provides one) and applies an action to each, possibly later (programs may still
 * be loading). Implementations override {@link #accept} (or the older {@link #apply}).
 */
public abstract class StepExecutionIterator implements ExtensionPoint {
    public ListenableFuture<?> accept(Consumer<StepExecution> f) {
        if (!overrides("apply", Function.class)) {
            throw new AbstractMethodError(getClass().getName() + " must override accept(Consumer)");
        }
        return apply(v -> {
            f.accept(v);
            return null;
        });
    }

    @Deprecated
    public ListenableFuture<?> apply(Function<StepExecution, Void> f) {
        if (!overrides("accept", Consumer.class)) {
            throw new AbstractMethodError(getClass().getName() + " must override accept(Consumer)");
        }
        return accept(f::apply);
    }

    private boolean overrides(String method, Class<?> parameter) {
        for (Class<?> c = getClass(); c != StepExecutionIterator.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod(method, parameter);
                return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    public static ExtensionList<StepExecutionIterator> all() {
        return ExtensionList.lookup(StepExecutionIterator.class);
    }
}

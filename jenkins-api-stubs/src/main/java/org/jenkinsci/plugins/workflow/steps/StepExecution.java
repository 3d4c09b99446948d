package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import com.google.common.base.Function;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;

/**
 * Stand-in for workflow-step-api's {@code StepExecution}: the running state of a step, pickled with the
 * Pipeline program (keep fields small; make clients, watches and listeners {@code transient}).
 */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    private StepContext context;

    @Deprecated
    protected StepExecution() {}

    protected StepExecution(@NonNull StepContext context) {
        this.context = context;
    }

    public @NonNull StepContext getContext() {
        if (context == null) {
            throw new IllegalStateException("No StepContext for " + getClass().getName());
        }
        return context;
    }

    /**
     * Starts the step on the CPS VM thread: no blocking, no I/O. Returns {@code true} if it completed
     * synchronously, {@code false} if it will call {@code getContext().onSuccess/onFailure} later.
     */
    public abstract boolean start() throws Exception;

    /** May be called several times; must eventually complete the context. By default fails it with {@code cause}. */
    public void stop(@NonNull Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    /** Called after a controller restart; may not throw (report errors through {@code getContext().onFailure}). */
    public void onResume() {}

    public @CheckForNull String getStatus() {
        return null;
    }

    public boolean blocksRestart() {
        return false;
    }

    /**
     * Applies {@code c} to every running step execution, as found by every {@link StepExecutionIterator}; the
     * future completes once all were visited (the Pipeline engine visits each build's executions on its own thread).
     */
    public static ListenableFuture<?> acceptAll(Consumer<StepExecution> c) {
        List<ListenableFuture<?>> futures = new ArrayList<>();
        for (StepExecutionIterator i : StepExecutionIterator.all()) {
            futures.add(i.accept(c));
        }
        return Futures.allAsList(futures);
    }

    @Deprecated
    public static ListenableFuture<?> applyAll(Function<StepExecution, Void> f) {
        return acceptAll(f::apply);
    }

    /** {@link #acceptAll(Consumer)} for the executions of one type. */
    public static <T extends StepExecution> ListenableFuture<?> acceptAll(Class<T> type, Consumer<T> c) {
        return acceptAll(e -> {
            if (type.isInstance(e)) {
                c.accept(type.cast(e));
            }
        });
    }

    @Deprecated
    public static <T extends StepExecution> ListenableFuture<?> applyAll(Class<T> type, Function<T, Void> f) {
        return acceptAll(type, f::apply);
    }

    /** {@link #getStatus()} with a time limit; a failure or timeout is returned as its text. */
    public final @CheckForNull String getStatusBounded(long timeout, TimeUnit unit) {
        CompletableFuture<String> status = CompletableFuture.supplyAsync(this::getStatus, Timer.get());
        try {
            return status.get(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            status.cancel(true);
            return e.toString();
        }
    }
}

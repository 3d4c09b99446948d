package io.modelarts.train.backend.kubernetes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * At most a given number of asynchronous calls in flight; the others wait their turn, in order, without a thread
 * waiting for them. Over HTTP/1.1 each call in flight holds a connection of its own, and the HTTP client keeps idle
 * connections open for minutes: without a bound, 10,000 jobs submitted at once opened thousands of sockets to the API
 * server and kept them (an API server that speaks HTTP/2 multiplexes them, but still has to take the burst). A waiting
 * call is started from {@code starter} when a place frees, so that a chain of calls that fail at once cannot grow the
 * stack.
 */
final class InFlightLimit {

    private final int max;
    private final Executor starter;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int running;

    /** A call waiting for a place: how to start it, and how to fail it if it never can be. */
    private record Waiting(Runnable start, CompletableFuture<?> result) {
    }

    InFlightLimit(int max, Executor starter) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one call must be allowed in flight");
        }
        this.max = max;
        this.starter = starter;
    }

    /** Starts {@code call} now if a place is free, else once one is; the result completes as the call's does. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> started;
            try {
                started = call.get();
            } catch (RuntimeException | Error e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, error) -> {
                release();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = running < max;
            if (now) {
                running++;
            } else {
                waiting.add(new Waiting(start, result));
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    /** Calls in flight now (for tests and diagnostics). */
    synchronized int running() {
        return running;
    }

    /** Calls waiting for a place now. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** A call ended: its place goes to the first waiting call, if any (which keeps the count), else is freed. */
    private void release() {
        Waiting next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next == null) {
            return;
        }
        try {
            starter.execute(next.start());
        } catch (RejectedExecutionException e) {
            // the starter is shut down (the backend is closing): no waiting call will ever start
            failAll(next, e);
        }
    }

    private void failAll(Waiting first, RejectedExecutionException cause) {
        List<Waiting> never = new ArrayList<>();
        never.add(first);
        synchronized (this) {
            running--; // the place first was given
            never.addAll(waiting);
            waiting.clear();
        }
        for (Waiting w : never) {
            w.result().completeExceptionally(new IllegalStateException("the Kubernetes backend was closed before the call was sent", cause));
        }
    }
}

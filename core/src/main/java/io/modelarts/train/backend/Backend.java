package io.modelarts.train.backend;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.JobPlan;

/**
 * Runs planned jobs somewhere: a Kubernetes cluster or this machine. Front ends (Jenkins, CLI) only
 * talk to this interface.
 */
public interface Backend extends AutoCloseable {

    /** {@code local} or {@code kubernetes}. */
    String name();

    /**
     * Submits the job and returns at once. Idempotent: when a job of the same name already exists
     * (a retry after a crash), attaches to it instead of starting a second one.
     */
    RunningJob submit(JobPlan plan, JobEventSink sink);

    /**
     * Re-attaches to a job from a persisted handle, continuing its log exactly where the handle left
     * off. {@code plan} is the job's plan when the caller still has it (needed to run further
     * auto-restart attempts); {@code null} only watches the current attempt.
     */
    RunningJob attach(JobHandle handle, JobPlan plan, JobEventSink sink);

    /**
     * Whether jobs of this backend can read code and inputs from local folders of this machine. When not
     * (a cluster), the engine first uploads such folders to the object store and submits their object paths.
     */
    default boolean readsLocalPaths() {
        return true;
    }

    @Override
    void close();
}

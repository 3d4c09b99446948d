package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.events.JobStatus;

/** A stop was asked for a job that has already ended: as on ModelArts, only a job that has not ended can be stopped. */
public class JobAlreadyEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final JobStatus status;

    public JobAlreadyEndedException(String name, JobStatus status) {
        super("job " + name + " has already ended (" + status.displayName() + "); there is nothing to stop");
        this.status = status;
    }

    public JobStatus status() {
        return status;
    }
}

package io.modelarts.train.backend.local;

import io.modelarts.train.backend.JobHandle;

/**
 * A local job: its ModelArts name, the id of this run and its job directory. A local job lives only as
 * long as the JVM that started it; see {@link LocalBackend#attach} for what re-attaching can do.
 */
public record LocalJobHandle(String jobName, String jobId, String jobDirectory) implements JobHandle {

    private static final long serialVersionUID = 1L;

    public static final String BACKEND = "local";

    @Override
    public String backend() {
        return BACKEND;
    }
}

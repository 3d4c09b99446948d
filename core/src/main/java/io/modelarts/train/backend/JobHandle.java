package io.modelarts.train.backend;

import java.io.Serializable;

/**
 * Everything needed to find a submitted job again and continue watching it where the previous
 * watcher stopped (for Kubernetes: namespace, name, uid, attempt and per-container log cursors).
 * Small and serializable: the Jenkins step persists it across controller restarts.
 */
public interface JobHandle extends Serializable {

    /** The backend that can attach to this handle ({@code local}, {@code kubernetes}). */
    String backend();

    /** The job's ModelArts name. */
    String jobName();
}

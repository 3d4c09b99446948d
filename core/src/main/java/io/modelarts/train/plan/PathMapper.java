package io.modelarts.train.plan;

/**
 * Maps a container path ({@code /home/ma-user/...}, {@code /cache}) to where it lives for a backend:
 * itself in a container, a folder under the job directory for the local backend.
 */
@FunctionalInterface
public interface PathMapper {

    String map(String containerPath);

    PathMapper IDENTITY = p -> p;
}

package io.modelarts.train.backend.local;

import io.modelarts.train.plan.PathMapper;

import java.nio.file.Path;

/**
 * Maps container paths under a job directory, as if the directory were the container's root:
 * {@code /home/ma-user/modelarts/inputs/data_url_0} becomes {@code <root>/home/ma-user/modelarts/inputs/data_url_0},
 * {@code /cache} becomes {@code <root>/cache}, and any other absolute path (a custom work dir, a mount
 * path) lands under {@code <root>} the same way. Relative values are not paths and stay as they are.
 * A path that would climb out of the root ({@code /home/../../etc}) is refused.
 */
public final class JobDirectoryMapper implements PathMapper {

    private final Path root;

    public JobDirectoryMapper(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The local path of a container path. */
    public Path path(String containerPath) {
        if (!containerPath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute container path: " + containerPath);
        }
        String relative = containerPath.replaceFirst("^/+", "");
        Path p = relative.isEmpty() ? root : root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("container path " + containerPath + " leaves the job directory");
        }
        return p;
    }

    @Override
    public String map(String containerPath) {
        if (containerPath == null || !containerPath.startsWith("/")) {
            return containerPath;
        }
        return path(containerPath).toString();
    }
}

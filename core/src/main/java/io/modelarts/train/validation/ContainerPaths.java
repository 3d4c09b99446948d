package io.modelarts.train.validation;

import io.modelarts.train.rules.ProblemText;

/**
 * Rules for paths inside the training container (local code dir, work dir, mount paths): absolute,
 * normalized, and for mounts away from the directories the job itself uses.
 */
public final class ContainerPaths {

    public static final String MA_HOME = "/home/ma-user";
    public static final String MA_MOUNT_PATH = MA_HOME + "/modelarts";
    public static final String CACHE = "/cache";
    /** The job's shared memory (a memory-backed volume of its own). */
    public static final String SHM = "/dev/shm";
    /** The folder the train container and the output-sync sidecar talk through (the Kubernetes backend's). */
    public static final String CONTROL_DIR = "/modelarts-train";
    /** Folders the container runtime fills; nothing may be mounted at or inside them. */
    static final java.util.List<String> SYSTEM_DIRS = java.util.List.of("/dev", "/proc", "/sys");

    private ContainerPaths() {
    }

    /**
     * {@code null} when {@code path} is absolute and normalized (no empty, '.' or '..' segments; one
     * trailing '/' is fine), otherwise what is wrong.
     */
    public static String absoluteProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "must not be empty: give an absolute path";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters (found " + ProblemText.describeChar(c) + ")";
            }
        }
        if (!path.startsWith("/")) {
            return "must be an absolute path starting with '/' (got " + ProblemText.quote(path) + ")";
        }
        String body = path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        if (body.isEmpty()) {
            return null;
        }
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "must be a normalized path without empty, '.' or '..' segments (got " + ProblemText.quote(path) + ")";
            }
        }
        return null;
    }

    /** The path without its trailing '/' ({@code /} stays {@code /}). */
    public static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** True when {@code inner} is {@code outer} or lies inside it (both normalized). */
    public static boolean within(String inner, String outer) {
        return inner.equals(outer) || outer.equals("/") || inner.startsWith(outer + "/");
    }

    /**
     * {@code null} when {@code path} may be a mount point: absolute, normalized, and not {@code /},
     * {@code /cache}, {@code /dev/shm}, the tool's control folder, a system folder ({@code /dev},
     * {@code /proc}, {@code /sys}), {@code /home/ma-user/modelarts} (or inside any of these), nor a folder
     * above the latter ({@code /home}, {@code /home/ma-user}), which would hide the job's own directories.
     * The pod already mounts volumes at those paths: a second mount at one path is refused by the API server.
     */
    public static String mountProblem(String path) {
        String problem = absoluteProblem(path);
        if (problem != null) {
            return problem;
        }
        String p = normalize(path);
        if (p.equals("/")) {
            return "must not be / (the container's root)";
        }
        if (p.equals(CACHE)) {
            return "must not be /cache (the job's local disk)";
        }
        if (within(p, SHM)) {
            return "must not be " + SHM + " or a folder inside it (the job's shared memory is mounted there)";
        }
        for (String system : SYSTEM_DIRS) {
            if (within(p, system)) {
                return "must not be " + system + " or a folder inside it (the container runtime provides it)";
            }
        }
        if (within(p, CONTROL_DIR) || within(CONTROL_DIR, p)) {
            return "must not be " + p + ": " + CONTROL_DIR + " is the tool's own mount (training and output sync talk through it)";
        }
        if (within(p, MA_MOUNT_PATH)) {
            return "must not be " + MA_MOUNT_PATH + " or a folder inside it (code, inputs, outputs and logs live there)";
        }
        if (within(MA_MOUNT_PATH, p)) {
            return "must not be " + p + ": a mount there would hide " + MA_MOUNT_PATH + " (code, inputs, outputs and logs)";
        }
        return null;
    }
}

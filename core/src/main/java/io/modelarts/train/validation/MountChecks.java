package io.modelarts.train.validation;

import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolStorage;
import io.modelarts.train.pool.PoolType;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.ParallelFileSystemMount;
import io.modelarts.train.spec.SfsTurboMount;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SFS Turbo and parallel file system mounts (feature inventory #31, #32): dedicated pools only, at most 8 SFS Turbo
 * file systems, each mounted once, on unique container paths that do not hide the code directory.
 */
final class MountChecks extends SectionChecks {

    static final int MAX_SFS_TURBO = 8;

    /** {@code host:/path}: an IPv4 address, a DNS name or a bracketed IPv6 address, then an absolute path. */
    private static final Pattern NFS_SERVER_PATH = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):/[^\\s\\p{Cntrl}]*");

    MountChecks(ValidationRun run) {
        super(run);
    }

    void mounts() {
        Map<String, String> mountPaths = new LinkedHashMap<>();
        List<SfsTurboMount> sfs = spec.sfsTurbo();
        if (!sfs.isEmpty() && pool != null && pool.type() == PoolType.PUBLIC) {
            error("sfsTurbo", "SFS Turbo file systems can be mounted on dedicated pools only; " + poolDescription() + " is public");
        }
        if (sfs.size() > MAX_SFS_TURBO) {
            error("sfsTurbo", "must have at most " + MAX_SFS_TURBO + " file systems (got " + sfs.size() + ")");
        }
        Map<String, String> names = new HashMap<>();
        Map<String, String> servers = new HashMap<>();
        for (int i = 0; i < sfs.size(); i++) {
            String field = "sfsTurbo[" + i + "]";
            SfsTurboMount m = sfs.get(i);
            if (m == null) {
                error(field, "is empty: give name, serverPath and localPath");
                continue;
            }
            if (isBlank(m.name())) {
                error(field + ".name", "is required: the SFS Turbo file system's name");
            } else if (names.putIfAbsent(m.name(), field) != null) {
                error(field + ".name", "'" + m.name() + "' is already mounted by " + names.get(m.name())
                        + "; each file system can be mounted once");
            }
            if (isBlank(m.serverPath())) {
                error(field + ".serverPath", "is required: host:/path, such as 10.10.10.10:/example/path");
            } else if (!NFS_SERVER_PATH.matcher(m.serverPath()).matches() || m.serverPath().length() > 1024) {
                error(field + ".serverPath", "must be host:/path, such as 10.10.10.10:/example/path (got " + ProblemText.quote(m.serverPath()) + ")");
            } else {
                String server = normalizedServerPath(m.serverPath());
                if (server == null) {
                    error(field + ".serverPath", "must be host:/path with a normalized path, without '.' or '..' segments (got "
                            + ProblemText.quote(m.serverPath()) + ")");
                } else if (servers.putIfAbsent(server, field) != null) {
                    String same = server.equals(m.serverPath()) ? "" : " (the same file system as " + server + ")";
                    error(field + ".serverPath", "'" + m.serverPath() + "' is already mounted by " + servers.get(server)
                            + same + "; each file system can be mounted once");
                }
            }
            mountPath(field + ".localPath", m.localPath(), mountPaths);
        }
        List<ParallelFileSystemMount> pfs = spec.parallelFileSystems();
        Map<String, String> storages = new HashMap<>();
        for (int i = 0; i < pfs.size(); i++) {
            String field = "parallelFileSystems[" + i + "]";
            ParallelFileSystemMount m = pfs.get(i);
            if (m == null) {
                error(field, "is empty: give storage and mountPath");
                continue;
            }
            if (isBlank(m.storage())) {
                error(field + ".storage", "is required: a storage named in the pool catalog" + (pool == null ? "" : "; " + storagesOf(pool)));
            } else if (pool != null && pool.storage(m.storage()).isEmpty()) {
                error(field + ".storage", "storage '" + m.storage() + "' is not configured for pool '" + pool.name() + "'; " + storagesOf(pool));
            } else if (storages.putIfAbsent(m.storage(), field) != null) {
                error(field + ".storage", "'" + m.storage() + "' is already mounted by " + storages.get(m.storage())
                        + "; each file system can be mounted once");
            }
            mountPath(field + ".mountPath", m.mountPath(), mountPaths);
        }
    }

    /**
     * {@code host:/path} in one spelling: the host in lower case, repeated and trailing slashes dropped, so that
     * {@code 10.0.0.5:/export/data/} and {@code 10.0.0.5://export/data} are one file system; {@code null} for a
     * path with '.' or '..' segments.
     */
    static String normalizedServerPath(String serverPath) {
        String s = serverPath.strip();
        int colon = s.startsWith("[") ? s.indexOf("]:") + 1 : s.indexOf(':');
        String host = s.substring(0, colon).toLowerCase(Locale.ROOT);
        StringBuilder path = new StringBuilder();
        for (String segment : s.substring(colon + 1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
            if (!segment.isEmpty()) {
                path.append('/').append(segment);
            }
        }
        return host + ":" + (path.length() == 0 ? "/" : path);
    }

    private static String storagesOf(Pool p) {
        return p.storages().isEmpty() ? "pool '" + p.name() + "' has no storages"
                : "its storages: " + p.storages().stream().map(PoolStorage::name).collect(Collectors.joining(", "));
    }

    private void mountPath(String field, String path, Map<String, String> used) {
        if (isBlank(path)) {
            error(field, "is required: an absolute path in the container, such as /mnt/data");
            return;
        }
        String problem = ContainerPaths.mountProblem(path);
        if (problem != null) {
            error(field, problem);
            return;
        }
        String normalized = ContainerPaths.normalize(path);
        Algorithm a = spec.algorithm();
        String jobDir = a == null || a.localCodeDir() == null || ContainerPaths.absoluteProblem(a.localCodeDir()) != null
                ? null : ContainerPaths.normalize(a.localCodeDir());
        if (jobDir != null && ContainerPaths.within(normalized, jobDir)) {
            error(field, "must not be algorithm.localCodeDir " + jobDir + " or a folder inside it (the code is downloaded there)");
            return;
        }
        if (jobDir != null && ContainerPaths.within(jobDir, normalized)) {
            error(field, "must not be " + normalized + ": a mount there would hide algorithm.localCodeDir " + jobDir
                    + " (the code is downloaded there)");
            return;
        }
        String other = used.putIfAbsent(normalized, field);
        if (other != null) {
            error(field, normalized + " is already used by " + other + "; mount paths must be unique");
        }
    }
}

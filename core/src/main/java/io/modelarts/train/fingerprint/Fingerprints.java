package io.modelarts.train.fingerprint;

import io.modelarts.train.metrics.Json;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.ParallelFileSystemMount;
import io.modelarts.train.spec.SfsTurboMount;
import io.modelarts.train.storage.ObjectInfo;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes a job's {@link Fingerprint} before it runs. Cheap by design: an object-store code directory or input is
 * one paginated listing (keys, sizes, ETags; no object is downloaded); a local folder is hashed file by file (the
 * content, since local folders carry no ETags). The embedded store has no ETags either: its objects' modification
 * times stand in.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    /**
     * The fingerprint of {@code plan}'s job as written by the user (local folders as they are on this machine).
     *
     * @param store the object store behind {@code obs://} paths; may be null when the job has none
     * @throws StorageException when a listing fails, UncheckedIOException when a local folder cannot be read
     */
    public static Fingerprint of(JobPlan plan, ObjectStore store) {
        JobSpec spec = plan.spec();
        Fingerprint.Part code = null;
        String codeDir = spec.algorithm() == null ? null : spec.algorithm().codeDir();
        if (codeDir != null && !codeDir.isBlank()) {
            code = tree(codeDir.trim(), store);
        }
        Map<String, Fingerprint.Part> inputs = new LinkedHashMap<>();
        for (DataChannel in : spec.inputs()) {
            if (in.dataPath() != null && !in.dataPath().isBlank()) {
                inputs.put(in.name(), tree(in.dataPath().trim(), store));
            }
        }
        return new Fingerprint(jobHash(plan), code, inputs);
    }

    /** The hash of what in the job affects training: not its name, description, paths, gate, metrics or schedule. */
    static String jobHash(JobPlan plan) {
        JobSpec spec = plan.spec();
        Map<String, Object> m = new TreeMap<>();
        Algorithm a = spec.algorithm();
        if (a != null) {
            m.put("algorithm.bootMode", a.bootMode() == null ? null : a.bootMode().yamlName());
            m.put("algorithm.image", plan.image());
            m.put("algorithm.engine", a.engine());
            m.put("algorithm.bootFile", a.bootFile());
            m.put("algorithm.bootCommand", a.bootCommand());
            m.put("algorithm.userId", a.userId());
            m.put("algorithm.localCodeDir", a.localCodeDir());
            m.put("algorithm.workDir", plan.workDir());
        }
        List<String> inputs = new ArrayList<>();
        for (DataChannel in : spec.inputs()) {
            inputs.add(in.name() + " " + in.obtainedFrom());
        }
        m.put("inputs", inputs);
        List<String> outputs = new ArrayList<>();
        for (DataChannel out : spec.outputs()) {
            outputs.add(out.name() + " " + out.obtainedFrom() + " predownload=" + out.predownload());
        }
        m.put("outputs", outputs);
        m.put("hyperparameters", new TreeMap<>(spec.hyperparameters()));
        m.put("environment", new TreeMap<>(spec.environment()));
        if (spec.resources() != null) {
            m.put("resources", spec.resources().pool() + " " + spec.resources().type() + " " + spec.resources().flavor()
                    + " " + spec.resources().nodes());
        }
        List<String> mounts = new ArrayList<>();
        for (SfsTurboMount s : spec.sfsTurbo()) {
            mounts.add("sfs " + s.serverPath() + " " + s.localPath());
        }
        for (ParallelFileSystemMount p : spec.parallelFileSystems()) {
            mounts.add("pfs " + p.storage() + " " + p.mountPath());
        }
        m.put("mounts", mounts);
        StringBuilder canonical = new StringBuilder();
        m.forEach((k, v) -> Json.string(canonical, k).append('=').append(v == null ? "null" : Json.string(new StringBuilder(), v.toString()))
                .append('\n'));
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A local folder or file, or an object-store location. */
    static Fingerprint.Part tree(String location, ObjectStore store) {
        if (ObjectUri.isObjectUri(location)) {
            if (store == null) {
                throw new StorageException("no object store to list " + location);
            }
            return listing(location, store);
        }
        return localTree(Path.of(location.startsWith("file://") ? location.substring("file://".length()) : location));
    }

    /** One listing of {@code location}: every object's key below it, size and ETag (modification time without one). */
    public static Fingerprint.Part listing(String location, ObjectStore store) {
        ObjectUri uri = ObjectUri.parse(location);
        List<ObjectInfo> objects = store.list(uri);
        MessageDigest md = sha256();
        String prefix = uri.folderPrefix();
        long bytes = 0;
        for (ObjectInfo o : objects) {
            String relative = o.key().startsWith(prefix) ? o.key().substring(prefix.length()) : o.key();
            String tag = o.etag() != null ? o.etag() : "mtime:" + (o.lastModified() == null ? "" : o.lastModified().toEpochMilli());
            md.update((relative + '\0' + o.size() + '\0' + tag + '\n').getBytes(StandardCharsets.UTF_8));
            bytes += o.size();
        }
        return new Fingerprint.Part(location, "sha256:" + HexFormat.of().formatHex(md.digest()), objects.size(), bytes);
    }

    /** Every regular file below {@code root} (or {@code root} itself), sorted by relative path: path, size, content hash. */
    public static Fingerprint.Part localTree(Path root) {
        TreeMap<String, Path> files = new TreeMap<>();
        try {
            if (Files.isRegularFile(root)) {
                files.put(root.getFileName().toString(), root);
            } else if (Files.isDirectory(root)) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            StringBuilder rel = new StringBuilder();
                            for (Path part : root.relativize(file)) {
                                rel.append(rel.length() == 0 ? "" : "/").append(part);
                            }
                            files.put(rel.toString(), file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
            MessageDigest tree = sha256();
            MessageDigest content = sha256();
            byte[] buffer = new byte[64 * 1024];
            long bytes = 0;
            for (Map.Entry<String, Path> e : files.entrySet()) {
                long size = 0;
                try (InputStream in = Files.newInputStream(e.getValue())) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        content.update(buffer, 0, n);
                        size += n;
                    }
                }
                bytes += size;
                tree.update((e.getKey() + '\0' + size + '\0' + HexFormat.of().formatHex(content.digest()) + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return new Fingerprint.Part(root.toString(), "sha256:" + HexFormat.of().formatHex(tree.digest()), files.size(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + " to fingerprint it: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

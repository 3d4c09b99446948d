package io.modelarts.train.validation;

import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpecLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job trees for tests: a valid job to start from, edits by field path, and the test pool catalog. */
public final class TestJobs {

    private TestJobs() {
    }

    /** A valid custom-image job without resources (valid without a catalog). */
    public static Map<String, Object> customJob() {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", "demo");
        Map<String, Object> algorithm = new LinkedHashMap<>();
        algorithm.put("bootMode", "customImage");
        algorithm.put("image", "registry.example.com/team/pytorch:2.3");
        algorithm.put("bootCommand", "python ${MA_JOB_DIR}/demo-code/train.py");
        algorithm.put("codeDir", "obs://bucket/training-test/demo-code");
        job.put("algorithm", algorithm);
        job.put("inputs", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("dataPath", "obs://bucket/mnist/")))));
        job.put("outputs", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("dataPath", "obs://bucket/output/")))));
        return job;
    }

    /** {@link #customJob()} on the given pool and flavor. */
    public static Map<String, Object> customJobOn(String pool, String type, String flavor) {
        Map<String, Object> job = customJob();
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("pool", pool);
        resources.put("type", type);
        resources.put("flavor", flavor);
        job.put("resources", resources);
        return job;
    }

    /** Sets {@code path} ({@code algorithm.userId}, {@code inputs[0].name}), creating mappings and list items on the way. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> set(Map<String, Object> tree, String path, Object value) {
        Object node = tree;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            Map<String, Object> map = (Map<String, Object>) node;
            if (bracket < 0) {
                if (last) {
                    map.put(key, value);
                } else {
                    node = map.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
                }
                continue;
            }
            int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
            List<Object> list = (List<Object>) map.computeIfAbsent(key, k -> new ArrayList<>());
            while (list.size() <= index) {
                list.add(new LinkedHashMap<String, Object>());
            }
            if (last) {
                list.set(index, value);
            } else {
                node = list.get(index);
            }
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> remove(Map<String, Object> tree, String path) {
        int dot = path.lastIndexOf('.');
        Map<String, Object> parent = dot < 0 ? tree : (Map<String, Object>) get(tree, path.substring(0, dot));
        parent.remove(dot < 0 ? path : path.substring(dot + 1));
        return tree;
    }

    @SuppressWarnings("unchecked")
    public static Object get(Map<String, Object> tree, String path) {
        Object node = tree;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            node = ((Map<String, Object>) node).get(bracket < 0 ? part : part.substring(0, bracket));
            if (bracket >= 0) {
                node = ((List<Object>) node).get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return node;
    }

    public static Path resource(String name) {
        try {
            return Path.of(TestJobs.class.getResource("/jobs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PoolCatalog catalog;

    /** The catalog of {@code jobs/pools.yaml}: public-pool, gpu-pool (dedicated), empty-pool. */
    public static synchronized PoolCatalog catalog() {
        if (catalog == null) {
            PoolCatalogLoader.Result r = PoolCatalogLoader.load(resource("pools.yaml"));
            if (r.hasErrors()) {
                throw new IllegalStateException("test catalog has problems: " + r.problems());
            }
            catalog = r.catalog();
        }
        return catalog;
    }

    public static ValidationContext withCatalog() {
        return ValidationContext.withCatalog(catalog());
    }

    /** Load + validate a tree; relative paths resolve against {@code baseDir}. */
    public static Problems check(Map<String, Object> tree, ValidationContext ctx, Path baseDir) {
        return JobCheck.check(JobSpecLoader.fromTree(tree, baseDir), ctx);
    }

    public static Problems check(Map<String, Object> tree, ValidationContext ctx) {
        return check(tree, ctx, Path.of("").toAbsolutePath());
    }

    public static Problems checkLocal(Map<String, Object> tree) {
        return check(tree, ValidationContext.local());
    }

    /** Problems about exactly {@code field}. */
    public static List<Problem> about(Problems problems, String field) {
        return problems.all().stream().filter(p -> p.field().equals(field)).toList();
    }

    public static void write(Path file, long bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[(int) bytes]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }
}

package io.modelarts.train.validation;

import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds thousands of mutated job files (seeded, so a failure can be replayed) through load + validate:
 * key deletions and renames, type swaps, odd strings (unicode, huge, control characters), nesting
 * changes and truncated YAML text. None may end in an exception, and every problem must be one
 * readable line with a field and a message.
 */
class RandomJobFilesTest {

    /** Replay or explore with {@code -Dfuzz.seed=N -Dfuzz.cases=M}. */
    static final long SEED = Long.getLong("fuzz.seed", 20_240_601L);
    static final int CASES = Integer.getInteger("fuzz.cases", 5000);

    @TempDir
    static Path baseDir;
    static List<String> texts = new ArrayList<>();
    static List<Object> trees = new ArrayList<>();
    static List<ValidationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        Files.createDirectories(baseDir.resolve("code"));
        Files.writeString(baseDir.resolve("code/train.py"), "print(1)\n");
        Files.writeString(baseDir.resolve("data.csv"), "a,b\n1,2\n");
        for (String name : List.of("custom-image.yaml", "custom-image.json", "preset-local.yaml", "many-mistakes.yaml")) {
            texts.add(Files.readString(TestJobs.resource(name)));
            trees.add(parse(texts.get(texts.size() - 1)));
        }
        // every flavor gets a tiny disk, so that "Check Input Size" never walks a large tree here
        String pools = Files.readString(TestJobs.resource("pools.yaml")).replaceAll("disk: \\S+", "disk: 1Ki");
        PoolCatalog catalog = PoolCatalogLoader.loadText(pools, "pools.yaml").catalog();
        contexts.add(ValidationContext.local());
        contexts.add(ValidationContext.withCatalog(catalog));
        contexts.add(ValidationContext.withCatalog(catalog).allowingHighestPriority(true));
        contexts.add(ValidationContext.local().withoutLocalFileChecks().withCodeDirLimits(new CodeDirLimits(1000, 3, 2)));
    }

    @Test
    void mutatedJobFilesNeverThrow() {
        Random random = new Random(SEED);
        int withSpec = 0;
        int valid = 0;
        for (int i = 0; i < CASES; i++) {
            int baseIndex = random.nextInt(texts.size());
            String base = texts.get(baseIndex);
            ValidationContext ctx = contexts.get(random.nextInt(contexts.size()));
            String description = "case " + i + " (seed " + SEED + ")";
            JobSpecLoader.Result loaded;
            String input;
            try {
                if (random.nextInt(10) < 4) {
                    input = mutateText(base, random);
                    loaded = JobSpecLoader.loadText(input, "job.yaml", baseDir);
                } else {
                    Object tree = mutateTree(trees.get(baseIndex), random); // mutates a deep copy
                    if (random.nextBoolean()) {
                        loaded = JobSpecLoader.fromTree(tree, baseDir);
                        input = String.valueOf(tree);
                    } else {
                        input = dump(tree);
                        loaded = JobSpecLoader.loadText(input, "job.yaml", baseDir);
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(description + ": mutation itself failed", e);
            }
            Problems problems;
            try {
                problems = JobCheck.check(loaded, ctx);
            } catch (Throwable e) {
                throw new AssertionError(description + " threw on input:\n" + abbreviate(input), e);
            }
            for (Problem p : problems.all()) {
                assertThat(p.field()).as(description).isNotNull();
                assertThat(p.message()).as(description).isNotBlank();
                assertThat(p.toString()).as(description).doesNotContain("\n", "\r");
                // the guards inside loader and validator turn a bug into such a problem: none may appear
                assertThat(p.message()).as(description + " on input:\n" + abbreviate(input))
                        .doesNotStartWith("could not be checked").doesNotContain("could not be read:");
            }
            assertThat(problems.describe().lines().count()).as(description).isEqualTo(problems.all().size());
            if (loaded.spec() == null && problems.all().isEmpty()) {
                fail(description + ": no spec and no problem for input:\n" + abbreviate(input));
            }
            withSpec += loaded.spec() == null ? 0 : 1;
            valid += problems.hasErrors() ? 0 : 1;
        }
        // the mutations must exercise the validator, not only the parser
        assertThat(withSpec).isGreaterThan(CASES / 3);
        assertThat(valid).isGreaterThan(0);
    }

    // ---------------------------------------------------------------- text mutations

    static String mutateText(String text, Random random) {
        String out = text;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            List<String> lines = new ArrayList<>(List.of(out.split("\n", -1)));
            int line = random.nextInt(lines.size());
            switch (random.nextInt(8)) {
                case 0 -> out = out.substring(0, random.nextInt(out.length() + 1)); // truncation
                case 1 -> {
                    lines.remove(line);
                    out = String.join("\n", lines);
                }
                case 2 -> {
                    lines.add(line, lines.get(line)); // duplicate keys
                    out = String.join("\n", lines);
                }
                case 3 -> {
                    lines.set(line, " ".repeat(random.nextInt(6)) + lines.get(line).strip()); // indentation
                    out = String.join("\n", lines);
                }
                case 4 -> {
                    int at = random.nextInt(out.length() + 1);
                    out = out.substring(0, at) + randomString(random) + out.substring(at);
                }
                case 5 -> {
                    String l = lines.get(line);
                    int colon = l.indexOf(':');
                    if (colon > 0) {
                        lines.set(line, l.substring(0, colon + 1) + " " + yamlScalar(random));
                    }
                    out = String.join("\n", lines);
                }
                case 6 -> {
                    int a = random.nextInt(lines.size());
                    String tmp = lines.get(a);
                    lines.set(a, lines.get(line));
                    lines.set(line, tmp);
                    out = String.join("\n", lines);
                }
                default -> {
                    String l = lines.get(line);
                    lines.set(line, l.replaceFirst("^(\\s*)(- )?([A-Za-z]+)", "$1$2" + java.util.regex.Matcher.quoteReplacement(randomKey(random))));
                    out = String.join("\n", lines);
                }
            }
        }
        return out;
    }

    static String yamlScalar(Random random) {
        String[] values = {"", "~", "null", "[]", "{}", "[a, [b, {c: d}]]", "{x: 1}", "-1", "0", "65536", "99999999999",
                "1e400", ".nan", "true", "\"\\u0000\\n\"", "'it''s'", "&a x", "*a", "!!binary aGVsbG8=", "|\n  multi\n  line",
                "obs://bucket/x", "/", "/cache", "..", "1h", "73h", "0h", "1.5h"};
        return values[random.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- tree mutations

    static Object parse(String text) {
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    static String dump(Object tree) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        try {
            return new Dump(settings).dumpToString(tree);
        } catch (RuntimeException e) {
            return String.valueOf(tree); // some values (BigInteger keys...) cannot be dumped; the text is still input
        }
    }

    @SuppressWarnings("unchecked")
    static Object mutateTree(Object tree, Random random) {
        Object root = deepCopy(tree);
        int rounds = 1 + random.nextInt(5);
        for (int r = 0; r < rounds; r++) {
            List<Object> containers = new ArrayList<>();
            collect(root, containers, 0);
            if (containers.isEmpty()) {
                return randomValue(random, 0);
            }
            Object target = containers.get(random.nextInt(containers.size()));
            if (target instanceof Map<?, ?> m && !m.isEmpty()) {
                Map<Object, Object> map = (Map<Object, Object>) m;
                List<Object> keys = new ArrayList<>(map.keySet());
                Object key = keys.get(random.nextInt(keys.size()));
                switch (random.nextInt(6)) {
                    case 0 -> map.remove(key);
                    case 1 -> {
                        Object v = map.remove(key);
                        map.put(random.nextInt(4) == 0 ? randomValue(random, 2) : randomKey(random), v); // rename
                    }
                    case 2 -> map.put(key, randomValue(random, 0)); // type swap
                    case 3 -> map.put(key, new ArrayList<>(List.of(map.get(key) == null ? "x" : map.get(key)))); // wrap
                    case 4 -> {
                        Object v = map.get(key);
                        if (v instanceof List<?> l && !l.isEmpty()) {
                            map.put(key, l.get(0)); // unwrap
                        } else if (v instanceof Map<?, ?> inner && !inner.isEmpty()) {
                            map.put(key, inner.values().iterator().next());
                        }
                    }
                    default -> map.put(randomKey(random), randomValue(random, 0));
                }
            } else if (target instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                if (list.isEmpty() || random.nextInt(3) == 0) {
                    list.add(randomValue(random, 0));
                } else {
                    int index = random.nextInt(list.size());
                    switch (random.nextInt(3)) {
                        case 0 -> list.remove(index);
                        case 1 -> list.set(index, randomValue(random, 0));
                        default -> {
                            for (int k = random.nextInt(12); k > 0; k--) {
                                list.add(deepCopy(list.get(index)));
                            }
                        }
                    }
                }
            }
        }
        return root;
    }

    static void collect(Object node, List<Object> out, int depth) {
        if (depth > 10) {
            return;
        }
        if (node instanceof Map<?, ?> m) {
            out.add(m);
            m.values().forEach(v -> collect(v, out, depth + 1));
        } else if (node instanceof List<?> l) {
            out.add(l);
            l.forEach(v -> collect(v, out, depth + 1));
        }
    }

    static Object deepCopy(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return node;
    }

    static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 9 : 12);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextInt();
            case 2 -> new int[]{-1, 0, 1, 3, 4, 8, 9, 64, 65, 999, 1000, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE}[random.nextInt(15)];
            case 3 -> random.nextLong();
            case 4 -> random.nextBoolean();
            case 5 -> new double[]{1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e308}[random.nextInt(5)];
            case 6 -> new BigInteger(100, random);
            case 7, 8 -> randomString(random);
            case 9 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomKey(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    static final String[] KEYS = {"name", "description", "algorithm", "bootMode", "image", "engine", "codeDir", "bootFile", "bootCommand",
            "userId", "localCodeDir", "workDir", "inputs", "outputs", "dataPath", "obtainedFrom", "predownload", "hyperparameters",
            "environment", "autoRestart", "resources", "pool", "type", "flavor", "nodes", "priority", "sfsTurbo", "serverPath",
            "localPath", "parallelFileSystems", "storage", "mountPath", "persistentLogPath", "autoStop", "MA_JOB_DIR", "value"};

    static String randomKey(Random random) {
        String key = KEYS[random.nextInt(KEYS.length)];
        return switch (random.nextInt(5)) {
            case 0 -> key.toUpperCase();
            case 1 -> key.substring(0, Math.max(1, key.length() - 1));
            case 2 -> randomString(random);
            default -> key;
        };
    }

    static final String[] INTERESTING = {"", " ", "obs://", "obs://bucket", "obs://bucket/x/", "s3://Bad_Bucket/x", "obs://b/a//c",
            "oss://bucket/x", "file://code", "code", "code/train.py", "train.py", "../train.py", "/", "/cache",
            "/home/ma-user/modelarts", "/home/ma-user/modelarts/x", "/mnt/a", "/mnt/a/", "10.0.0.1:/export", "customImage",
            "presetImage", "hyperparameters", "environment", "CPU", "GPU", "NPU", "gpu-pool", "public-pool", "empty-pool", "gpu-1x",
            "tiny-disk", "pfs-a", "pytorch-2.3", "1h", "2h", "72h", "73h", "0h", "-1h", "1.5h", "off", "data.csv", "python a.py\nb",
            "${MA_JOB_DIR}", "a;b&&c", "MA_HOME", "VC_TASK_INDEX", "x/y:1", "UPPER/Case:tag", "job-1", "data_url", "train_url"};

    static String randomString(Random random) {
        switch (random.nextInt(6)) {
            case 0 -> {
                return INTERESTING[random.nextInt(INTERESTING.length)];
            }
            case 1 -> {
                int n = random.nextInt(20);
                // huge: past every limit (64, 256, 4,096, 8,192 characters), rarely far past
                return "a".repeat(n == 0 ? 100_000 : n < 5 ? 8000 + random.nextInt(300) : 60 + random.nextInt(300));
            }
            case 2 -> {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(20); i >= 0; i--) {
                    s.append((char) random.nextInt(0x20)); // control characters
                }
                return s.toString();
            }
            case 3 -> {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(20); i >= 0; i--) {
                    int cp = random.nextInt(0x10FFFF);
                    if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                        s.appendCodePoint(cp); // any unicode
                    }
                }
                return s.toString();
            }
            case 4 -> {
                return INTERESTING[random.nextInt(INTERESTING.length)] + (char) random.nextInt(0x3000) + INTERESTING[random.nextInt(INTERESTING.length)];
            }
            default -> {
                StringBuilder s = new StringBuilder();
                String alphabet = "abcXYZ019_-./:$ []{}#&*!|>'\"\\%@`,?\t";
                for (int i = random.nextInt(30); i >= 0; i--) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                return s.toString();
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " characters)" : s;
    }
}

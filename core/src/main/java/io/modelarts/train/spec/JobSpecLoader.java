package io.modelarts.train.spec;

import io.modelarts.train.rules.Problem;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a job file (YAML or JSON) or a parameter tree into a {@link JobSpec}, with the defaults of the
 * contract filled in. Unknown keys and wrong types become {@link Problem}s naming the field; loading
 * never throws for bad input. Relative local paths resolve against the job file's folder.
 */
public final class JobSpecLoader {

    static final Set<String> TOP_KEYS = keys("name", "description", "algorithm", "inputs", "outputs", "hyperparameters",
            "environment", "autoRestart", "resources", "priority", "sfsTurbo", "parallelFileSystems", "persistentLogPath",
            "autoStop", "metrics", "gate", "skipIfUnchanged", "secretEnvironment");
    /** The fields of an algorithm, in a job and in a saved algorithm of the assets file. */
    public static final Set<String> ALGORITHM_FIELDS = keys("bootMode", "image", "engine", "codeDir", "bootFile", "bootCommand",
            "userId", "localCodeDir", "workDir");
    static final Set<String> ALGORITHM_KEYS = union(ALGORITHM_FIELDS, keys("id", "version"));
    static final Set<String> INPUT_KEYS = keys("name", "dataPath", "obtainedFrom", "dataset", "version");
    static final Set<String> OUTPUT_KEYS = keys("name", "dataPath", "obtainedFrom", "predownload");
    static final Set<String> RESOURCE_KEYS = keys("pool", "type", "flavor", "nodes");
    static final Set<String> SFS_KEYS = keys("name", "serverPath", "localPath");
    static final Set<String> PFS_KEYS = keys("storage", "mountPath");

    /**
     * The outcome of loading: the spec ({@code null} only when nothing usable could be read), the
     * problems met, and where each field is written (empty for trees that did not come from text).
     */
    public record Result(JobSpec spec, List<Problem> problems, FieldLines lines, boolean readable) {
        public Result {
            problems = List.copyOf(problems);
            lines = lines == null ? FieldLines.NONE : lines;
        }

        public Result(JobSpec spec, List<Problem> problems, FieldLines lines) {
            this(spec, problems, lines, spec != null);
        }

        public Result(JobSpec spec, List<Problem> problems) {
            this(spec, problems, FieldLines.NONE);
        }

        /**
         * True when the text could be read as YAML: a file that parses but holds no job (a list, a
         * single value) is an invalid job, not an unreadable file.
         */
        public boolean readable() {
            return readable;
        }

        public boolean hasErrors() {
            return spec == null || problems.stream().anyMatch(Problem::isError);
        }
    }

    private JobSpecLoader() {
    }

    /** Loads a job file; relative local paths resolve against its folder. */
    public static Result load(Path file) {
        List<Problem> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.add(Problem.error("", "job file " + file + " is not UTF-8 text"));
            return new Result(null, problems);
        } catch (IOException | InvalidPathException e) {
            problems.add(Problem.error("", "cannot read job file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return new Result(null, problems);
        }
        Path base = file.toAbsolutePath().getParent();
        // the path as the user gave it: "/dev/null is empty", not "null is empty"
        return loadText(text, file.toString(), base);
    }

    /** Loads job-file text; {@code baseDir} resolves relative local paths (the current directory when null). */
    public static Result loadText(String text, String source, Path baseDir) {
        List<Problem> problems = new ArrayList<>();
        YamlTrees.Parsed parsed = YamlTrees.parseWithLines(text, source, problems);
        if (parsed.tree() == null) {
            return new Result(null, problems);
        }
        if (!(parsed.tree() instanceof Map)) {
            problems.add(Problem.error("", source + " must be a mapping of the job's fields (" + TreeReader.describeKeys(TOP_KEYS)
                    + "), not " + TreeReader.typeName(parsed.tree())));
            return new Result(null, problems, parsed.lines(), true);
        }
        Result result = fromTree(parsed.tree(), baseDir, problems);
        return new Result(result.spec(), result.problems(), parsed.lines(), true);
    }

    /** Loads a parameter tree (maps, lists and scalars), e.g. Jenkins step parameters merged over a job file. */
    public static Result fromTree(Object tree, Path baseDir) {
        return fromTree(tree, baseDir, new ArrayList<>());
    }

    private static Result fromTree(Object tree, Path baseDir, List<Problem> problems) {
        try {
            return read(tree, baseDir, problems);
        } catch (RuntimeException | StackOverflowError e) {
            // a tree handed in by code (not parsed by us) may hold anything; never take the caller down
            problems.add(Problem.error("", "the job definition could not be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return new Result(null, problems);
        }
    }

    private static Result read(Object tree, Path baseDir, List<Problem> problems) {
        TreeReader top = TreeReader.of(tree, "", problems, TOP_KEYS);
        if (top == null) {
            return new Result(null, problems);
        }
        PathResolver paths = new PathResolver(baseDir);

        String name = top.string("name");
        if (name == null && !top.has("name")) {
            name = generatedName();
        }
        Algorithm algorithm = algorithm(top, paths);
        List<DataChannel> inputs = channels(top, "inputs", INPUT_KEYS, DataChannel.DEFAULT_INPUT_NAME, paths);
        List<DataChannel> outputs = channels(top, "outputs", OUTPUT_KEYS, DataChannel.DEFAULT_OUTPUT_NAME, paths);
        Map<String, String> hyper = top.stringMap("hyperparameters");
        Map<String, String> env = top.stringMap("environment");
        Integer autoRestart = top.integer("autoRestart");
        Resources resources = resources(top);
        Integer priority = top.integer("priority");

        List<SfsTurboMount> sfs = new ArrayList<>();
        List<Object> sfsItems = top.list("sfsTurbo");
        for (int i = 0; i < sfsItems.size(); i++) {
            TreeReader r = TreeReader.of(sfsItems.get(i), "sfsTurbo[" + i + "]", problems, SFS_KEYS);
            // a placeholder for an unreadable item keeps the indexes of later items equal to the file's
            sfs.add(r == null ? new SfsTurboMount(null, null, null)
                    : new SfsTurboMount(r.string("name"), r.string("serverPath"), r.string("localPath")));
        }
        List<ParallelFileSystemMount> pfs = new ArrayList<>();
        List<Object> pfsItems = top.list("parallelFileSystems");
        for (int i = 0; i < pfsItems.size(); i++) {
            TreeReader r = TreeReader.of(pfsItems.get(i), "parallelFileSystems[" + i + "]", problems, PFS_KEYS);
            pfs.add(r == null ? new ParallelFileSystemMount(null, null)
                    : new ParallelFileSystemMount(r.string("storage"), r.string("mountPath")));
        }
        AutoStop autoStop = autoStop(top);
        Retraining retraining = RetrainingReader.read(top);

        JobSpec spec = new JobSpec(name, top.string("description"), algorithm, inputs, outputs, hyper, env,
                autoRestart == null ? 0 : autoRestart, resources, priority == null ? JobSpec.DEFAULT_PRIORITY : priority,
                sfs, pfs, top.string("persistentLogPath"), autoStop, top.stringMap("secretEnvironment"), retraining);
        return new Result(spec, problems);
    }

    private static Algorithm algorithm(TreeReader top, PathResolver paths) {
        if (!top.has("algorithm")) {
            top.problems().add(Problem.error("algorithm", "is required: bootMode with image and bootCommand (customImage), or engine and bootFile (presetImage)"));
            return new Algorithm(null, null, null, null, null, null, Algorithm.DEFAULT_USER_ID, Algorithm.DEFAULT_LOCAL_CODE_DIR, null);
        }
        TreeReader a = TreeReader.of(top.raw("algorithm"), "algorithm", top.problems(), ALGORITHM_KEYS);
        if (a == null) {
            return new Algorithm(null, null, null, null, null, null, Algorithm.DEFAULT_USER_ID, Algorithm.DEFAULT_LOCAL_CODE_DIR, null);
        }
        if (a.has("id") || a.has("version")) {
            // a saved algorithm: keep only what the job wrote, so that the resolver can refuse it by name
            Integer version = a.integer("version");
            String modeText = a.string("bootMode");
            Integer userId = a.integer("userId");
            return new Algorithm(modeText == null ? null : BootMode.fromYaml(modeText.trim()), a.string("image"), a.string("engine"),
                    a.string("codeDir"), a.string("bootFile"), a.string("bootCommand"), userId, a.string("localCodeDir"),
                    a.string("workDir"), a.has("id") ? a.string("id") : null, version);
        }
        return readAlgorithm(a, paths.baseDir());
    }

    /**
     * The algorithm fields of {@code a} ({@link #ALGORITHM_FIELDS}) with the contract's defaults: user id
     * 1000, the default local code dir, and the boot mode when only an image or only an engine is given.
     * A relative local {@code codeDir} resolves against {@code baseDir}. Shared with the assets file.
     */
    public static Algorithm readAlgorithm(TreeReader a, Path baseDir) {
        PathResolver paths = new PathResolver(baseDir);
        String image = a.string("image");
        String engine = a.string("engine");
        String modeText = a.string("bootMode");
        BootMode mode = null;
        if (modeText != null) {
            mode = BootMode.fromYaml(modeText.trim());
            if (mode == null) {
                a.problems().add(Problem.error(a.field("bootMode"), "must be customImage or presetImage, not '" + modeText + "'"));
            }
        } else if (image != null && engine == null) {
            mode = BootMode.CUSTOM_IMAGE; // the only sensible reading; saves users a line
        } else if (engine != null && image == null) {
            mode = BootMode.PRESET_IMAGE;
        }
        Integer userId = a.integer("userId");
        String localCodeDir = a.string("localCodeDir");
        return new Algorithm(mode, image, engine, paths.resolve(a.string("codeDir")), a.string("bootFile"),
                a.string("bootCommand"), userId == null ? Algorithm.DEFAULT_USER_ID : userId,
                localCodeDir == null ? Algorithm.DEFAULT_LOCAL_CODE_DIR : localCodeDir, a.string("workDir"));
    }

    private static List<DataChannel> channels(TreeReader top, String key, Set<String> known, String defaultName,
                                              PathResolver paths) {
        List<DataChannel> out = new ArrayList<>();
        List<Object> items = top.list(key);
        for (int i = 0; i < items.size(); i++) {
            TreeReader r = TreeReader.of(items.get(i), key + "[" + i + "]", top.problems(), known);
            if (r == null) {
                // a placeholder keeps the indexes of later channels equal to the file's
                out.add(new DataChannel(null, null, ObtainedFrom.HYPERPARAMETERS, false));
                continue;
            }
            String name = r.string("name");
            ObtainedFrom from = ObtainedFrom.HYPERPARAMETERS;
            String fromText = r.string("obtainedFrom");
            if (fromText != null) {
                from = ObtainedFrom.fromYaml(fromText.trim());
                if (from == null) {
                    r.problems().add(Problem.error(r.field("obtainedFrom"), "must be hyperparameters or environment, not '" + fromText + "'"));
                    from = ObtainedFrom.HYPERPARAMETERS;
                }
            }
            Boolean predownload = known.contains("predownload") ? r.bool("predownload") : null;
            String dataPath = r.string("dataPath");
            String dataset = known.contains("dataset") ? r.string("dataset") : null;
            String datasetVersion = known.contains("version") ? r.string("version") : null;
            out.add(new DataChannel(name == null && !r.has("name") ? defaultName : name,
                    key.equals("inputs") ? paths.resolve(dataPath) : dataPath, from, Boolean.TRUE.equals(predownload), dataset,
                    datasetVersion));
        }
        return out;
    }

    private static Resources resources(TreeReader top) {
        if (!top.has("resources")) {
            return null;
        }
        TreeReader r = TreeReader.of(top.raw("resources"), "resources", top.problems(), RESOURCE_KEYS);
        if (r == null) {
            return null;
        }
        String typeText = r.string("type");
        ResourceType type = null;
        if (typeText != null) {
            type = ResourceType.fromYaml(typeText.trim());
            if (type == null) {
                r.problems().add(Problem.error(r.field("type"), "must be CPU or GPU, not '" + typeText + "'"));
            }
        }
        Integer nodes = r.integer("nodes");
        return new Resources(r.string("pool"), type, r.string("flavor"), nodes == null ? Resources.DEFAULT_NODES : nodes);
    }

    private static AutoStop autoStop(TreeReader top) {
        Object raw = top.raw("autoStop");
        if (raw == null || Boolean.FALSE.equals(raw) || "off".equals(raw) || "false".equals(raw)) {
            return null;
        }
        if (raw instanceof String || raw instanceof Number) {
            // 1.5 or 99999999999 are read here and refused by the validator with the rule's numbers
            return new AutoStop(String.valueOf(raw));
        }
        top.problems().add(Problem.error("autoStop", "must be a number of hours such as 2h (1h, 2h, 4h, 6h, or 1h-72h), not "
                + TreeReader.typeName(raw)));
        return null;
    }

    /** A name in the form ModelArts generates: {@code job-<date>-<time>-<4 hex>}. */
    static String generatedName() {
        byte[] random = new byte[2];
        new SecureRandom().nextBytes(random);
        return "job-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().formatHex(random);
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    /** {@code a} then {@code b}, in order. */
    public static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Resolves relative local paths against the job file's folder; object-store paths, and URLs of
     * other schemes (which the validator refuses by name), are left alone.
     */
    private record PathResolver(Path baseDir) {
        String resolve(String value) {
            if (value == null || value.isBlank() || StoragePaths.isObjectPath(value) || StoragePaths.schemeOf(value) != null) {
                return value;
            }
            String local = value.startsWith("file://") ? value.substring("file://".length()) : value;
            try {
                Path p = Path.of(local);
                if (!p.isAbsolute()) {
                    p = (baseDir == null ? Path.of("").toAbsolutePath() : baseDir).resolve(p);
                }
                return p.normalize().toString();
            } catch (InvalidPathException e) {
                return value; // the validator reports it
            }
        }
    }
}

package io.modelarts.train.assets;

import io.modelarts.train.rules.Names;
import io.modelarts.train.rules.ObjectPaths;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.ResourceType;
import io.modelarts.train.spec.Resources;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.spec.TreeReader;
import io.modelarts.train.spec.YamlTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads an assets file (saved algorithms and datasets; YAML or JSON) and checks it: ids and names,
 * unique versions, hyperparameter definitions whose defaults fit their own type and range, dataset paths.
 * Problems name the field ({@code algorithms[0].hyperparameters[1].default}); loading never throws.
 * Relative local paths (a code dir, a dataset path) resolve against the file's folder.
 */
public final class AssetCatalogLoader {

    private static final Set<String> TOP = keys("algorithms", "datasets");
    private static final Set<String> ALGORITHM = JobSpecLoader.union(keys("id", "version", "description", "inputs", "outputs",
            "hyperparameters", "resources", "customHyperparameters"), JobSpecLoader.ALGORITHM_FIELDS);
    private static final Set<String> CHANNEL = keys("name", "required", "description");
    private static final Set<String> HYPERPARAMETER = keys("name", "type", "default", "range", "values", "required", "editable",
            "description");
    private static final Set<String> RESOURCES = keys("types", "flavors", "maxNodes");
    private static final Set<String> DATASET = keys("name", "description", "versions");
    private static final Set<String> DATASET_VERSION = keys("version", "dataPath");

    public record Result(AssetCatalog catalog, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return catalog == null || problems.stream().anyMatch(Problem::isError);
        }
    }

    private AssetCatalogLoader() {
    }

    public static Result load(Path file) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return loadText(text, file.toString(), file.toAbsolutePath().getParent());
        } catch (java.nio.charset.CharacterCodingException e) {
            return new Result(null, List.of(Problem.error("", "assets file " + file + " is not UTF-8 text")));
        } catch (IOException | RuntimeException e) {
            return new Result(null, List.of(Problem.error("", "cannot read assets file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        }
    }

    /** Loads assets-file text; {@code baseDir} resolves relative local paths. */
    public static Result loadText(String text, String source, Path baseDir) {
        List<Problem> problems = new ArrayList<>();
        Object tree = YamlTrees.parse(text, source, problems);
        if (tree == null) {
            return new Result(null, problems);
        }
        return fromTree(tree, baseDir, problems);
    }

    /** Loads a parsed tree (Jenkins passes the global configuration's text through {@link #loadText}). */
    public static Result fromTree(Object tree, Path baseDir) {
        return fromTree(tree, baseDir, new ArrayList<>());
    }

    private static Result fromTree(Object tree, Path baseDir, List<Problem> problems) {
        try {
            TreeReader top = TreeReader.of(tree, "", problems, TOP);
            if (top == null) {
                return new Result(null, problems);
            }
            List<SavedAlgorithm> algorithms = algorithms(top, baseDir, problems);
            List<Dataset> datasets = datasets(top, baseDir, problems);
            return new Result(new AssetCatalog(algorithms, datasets), problems);
        } catch (RuntimeException | StackOverflowError e) {
            problems.add(Problem.error("", "the assets file could not be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return new Result(null, problems);
        }
    }

    // ---------------------------------------------------------------- algorithms

    private static List<SavedAlgorithm> algorithms(TreeReader top, Path baseDir, List<Problem> problems) {
        List<SavedAlgorithm> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Object> items = top.list("algorithms");
        for (int i = 0; i < items.size(); i++) {
            String path = "algorithms[" + i + "]";
            TreeReader a = TreeReader.of(items.get(i), path, problems, ALGORITHM);
            if (a == null) {
                continue;
            }
            String id = a.string("id");
            boolean ok = true;
            if (id == null) {
                problems.add(Problem.error(a.field("id"), "is required: the name jobs refer to (algorithm.id)"));
                ok = false;
            } else {
                String problem = Names.problemWith(id);
                if (problem != null) {
                    problems.add(Problem.error(a.field("id"), problem));
                    ok = false;
                }
            }
            Integer version = a.integer("version");
            if (version == null) {
                version = a.has("version") ? null : SavedAlgorithm.DEFAULT_VERSION;
                ok &= version != null;
            } else if (version < 1) {
                problems.add(Problem.error(a.field("version"), "must be at least 1 (got " + version + ")"));
                ok = false;
            }
            if (ok && !seen.add(id + "\u0000" + version)) {
                problems.add(Problem.error(a.has("version") ? a.field("version") : a.field("id"),
                        "algorithm " + id + " v" + version + " is defined twice"));
            }
            Algorithm algorithm = JobSpecLoader.readAlgorithm(a, baseDir);
            List<ChannelDefinition> inputs = channels(a, "inputs", problems);
            List<ChannelDefinition> outputs = channels(a, "outputs", problems);
            Set<String> channelNames = new HashSet<>();
            inputs.forEach(c -> channelNames.add(c.name()));
            for (int j = 0; j < outputs.size(); j++) {
                if (!channelNames.add(outputs.get(j).name())) {
                    problems.add(Problem.error(a.field("outputs") + "[" + j + "].name", "'" + outputs.get(j).name()
                            + "' is already an input's name; names must be unique across inputs and outputs"));
                }
            }
            List<HyperparameterDefinition> hyper = hyperparameters(a, problems);
            Boolean custom = a.bool("customHyperparameters");
            if (ok) {
                out.add(new SavedAlgorithm(id, version, a.string("description"), algorithm, inputs, outputs, hyper, resources(a, problems),
                        Boolean.TRUE.equals(custom)));
            }
        }
        return out;
    }

    private static List<ChannelDefinition> channels(TreeReader a, String key, List<Problem> problems) {
        List<ChannelDefinition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Object> items = a.list(key);
        for (int i = 0; i < items.size(); i++) {
            TreeReader c = TreeReader.of(items.get(i), a.field(key) + "[" + i + "]", problems, CHANNEL);
            if (c == null) {
                continue;
            }
            String name = c.string("name");
            if (name == null) {
                problems.add(Problem.error(c.field("name"), "is required"));
                continue;
            }
            String problem = Names.problemWith(name);
            if (problem != null) {
                problems.add(Problem.error(c.field("name"), problem));
                continue;
            }
            if (!names.add(name)) {
                problems.add(Problem.error(c.field("name"), "'" + name + "' is defined twice"));
                continue;
            }
            out.add(new ChannelDefinition(name, Boolean.TRUE.equals(c.bool("required")), c.string("description")));
        }
        return out;
    }

    private static List<HyperparameterDefinition> hyperparameters(TreeReader a, List<Problem> problems) {
        List<HyperparameterDefinition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Object> items = a.list("hyperparameters");
        for (int i = 0; i < items.size(); i++) {
            TreeReader h = TreeReader.of(items.get(i), a.field("hyperparameters") + "[" + i + "]", problems, HYPERPARAMETER);
            if (h == null) {
                continue;
            }
            String name = h.string("name");
            if (name == null) {
                problems.add(Problem.error(h.field("name"), "is required"));
                continue;
            }
            String problem = Names.problemWith(name);
            if (problem != null) {
                problems.add(Problem.error(h.field("name"), problem));
                continue;
            }
            if (!names.add(name)) {
                problems.add(Problem.error(h.field("name"), "'" + name + "' is defined twice"));
                continue;
            }
            String typeText = h.string("type");
            HyperparameterType type = typeText == null ? HyperparameterType.STRING : HyperparameterType.fromYaml(typeText.strip());
            if (type == null) {
                problems.add(Problem.error(h.field("type"), "must be string, int, float, bool or enum, not '" + typeText + "'"));
                continue;
            }
            String min = null;
            String max = null;
            boolean ok = true;
            if (h.has("range")) {
                List<Object> range = h.list("range");
                if (!type.isNumeric()) {
                    problems.add(Problem.error(h.field("range"), "applies to int and float hyperparameters only (this one is "
                            + type.yamlName() + ")"));
                    ok = false;
                } else if (range.size() != 2) {
                    problems.add(Problem.error(h.field("range"), "must be [min, max] (got " + range.size() + " values)"));
                    ok = false;
                } else {
                    min = range.get(0) == null ? null : String.valueOf(range.get(0));
                    max = range.get(1) == null ? null : String.valueOf(range.get(1));
                    if ((min != null && !HyperparameterDefinition.isNumber(min)) || (max != null && !HyperparameterDefinition.isNumber(max))) {
                        problems.add(Problem.error(h.field("range"), "must be two numbers [min, max] (got [" + min + ", " + max + "])"));
                        ok = false;
                    } else if (min != null && max != null
                            && HyperparameterDefinition.number(min).compareTo(HyperparameterDefinition.number(max)) > 0) {
                        problems.add(Problem.error(h.field("range"), "min " + min + " is larger than max " + max));
                        ok = false;
                    }
                }
            }
            List<String> values = new ArrayList<>();
            for (Object v : h.list("values")) {
                if (v instanceof java.util.Map || v instanceof List || v == null) {
                    problems.add(Problem.error(h.field("values"), "must be a list of text values"));
                    ok = false;
                    break;
                }
                values.add(String.valueOf(v));
            }
            if (type == HyperparameterType.ENUM && values.isEmpty()) {
                problems.add(Problem.error(h.field("values"), "is required for an enum: the values a job may choose from"));
                ok = false;
            }
            Boolean required = h.bool("required");
            Boolean editable = h.bool("editable");
            String defaultValue = h.string("default");
            HyperparameterDefinition def = new HyperparameterDefinition(name, type, defaultValue, min, max, values,
                    Boolean.TRUE.equals(required), editable == null || editable, h.string("description"));
            if (ok && defaultValue != null) {
                String wrong = def.problemWith(defaultValue);
                if (wrong != null) {
                    problems.add(Problem.error(h.field("default"), wrong));
                    ok = false;
                }
            }
            if (ok && !def.editable() && defaultValue == null) {
                problems.add(Problem.error(h.field("editable"), "false needs a default: a job may not set this hyperparameter"));
                ok = false;
            }
            if (ok) {
                out.add(def);
            }
        }
        return out;
    }

    private static ResourceConstraints resources(TreeReader a, List<Problem> problems) {
        if (!a.has("resources")) {
            return ResourceConstraints.NONE;
        }
        TreeReader r = TreeReader.of(a.raw("resources"), a.field("resources"), problems, RESOURCES);
        if (r == null) {
            return ResourceConstraints.NONE;
        }
        List<ResourceType> types = new ArrayList<>();
        for (Object t : r.list("types")) {
            ResourceType type = t == null ? null : ResourceType.fromYaml(String.valueOf(t).strip());
            if (type == null) {
                problems.add(Problem.error(r.field("types"), "must list CPU and/or GPU, not '" + t + "'"));
            } else {
                types.add(type);
            }
        }
        List<String> flavors = new ArrayList<>();
        for (Object f : r.list("flavors")) {
            flavors.add(String.valueOf(f));
        }
        Integer maxNodes = r.integer("maxNodes");
        if (maxNodes != null && (maxNodes < 1 || maxNodes > Resources.MAX_NODES)) {
            problems.add(Problem.error(r.field("maxNodes"), "must be 1-" + Resources.MAX_NODES + " (got " + maxNodes + ")"));
            maxNodes = null;
        }
        return new ResourceConstraints(types, flavors, maxNodes);
    }

    // ---------------------------------------------------------------- datasets

    private static List<Dataset> datasets(TreeReader top, Path baseDir, List<Problem> problems) {
        List<Dataset> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Object> items = top.list("datasets");
        for (int i = 0; i < items.size(); i++) {
            TreeReader d = TreeReader.of(items.get(i), "datasets[" + i + "]", problems, DATASET);
            if (d == null) {
                continue;
            }
            String name = d.string("name");
            if (name == null) {
                problems.add(Problem.error(d.field("name"), "is required: the name inputs refer to (inputs[].dataset)"));
                continue;
            }
            String problem = Names.problemWith(name);
            if (problem != null) {
                problems.add(Problem.error(d.field("name"), problem));
                continue;
            }
            if (!names.add(name)) {
                problems.add(Problem.error(d.field("name"), "dataset '" + name + "' is defined twice"));
                continue;
            }
            List<Dataset.Version> versions = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<Object> vs = d.list("versions");
            if (vs.isEmpty()) {
                problems.add(Problem.error(d.field("versions"), "is required: at least one version with its dataPath"));
            }
            for (int j = 0; j < vs.size(); j++) {
                TreeReader v = TreeReader.of(vs.get(j), d.field("versions") + "[" + j + "]", problems, DATASET_VERSION);
                if (v == null) {
                    continue;
                }
                String version = v.string("version");
                String dataPath = v.string("dataPath");
                if (version == null || version.isBlank()) {
                    problems.add(Problem.error(v.field("version"), "is required, such as v1"));
                    continue;
                }
                if (!seen.add(version)) {
                    problems.add(Problem.error(v.field("version"), "'" + version + "' is defined twice"));
                    continue;
                }
                String path = datasetPath(v, dataPath, baseDir, problems);
                if (path != null) {
                    versions.add(new Dataset.Version(version, path));
                }
            }
            out.add(new Dataset(name, d.string("description"), versions));
        }
        return out;
    }

    private static String datasetPath(TreeReader v, String dataPath, Path baseDir, List<Problem> problems) {
        if (dataPath == null || dataPath.isBlank()) {
            problems.add(Problem.error(v.field("dataPath"), "is required: an obs:// or s3:// path, or a local folder"));
            return null;
        }
        String scheme = StoragePaths.schemeOf(dataPath);
        if (scheme != null) {
            problems.add(Problem.error(v.field("dataPath"), "uses the unsupported scheme '" + scheme + "://'; use obs://, s3:// or a local folder"));
            return null;
        }
        if (ObjectPaths.hasObjectScheme(dataPath.strip())) {
            String problem = ObjectPaths.problemWith(dataPath);
            if (problem != null) {
                problems.add(Problem.error(v.field("dataPath"), problem));
                return null;
            }
            return dataPath;
        }
        try {
            Path p = Path.of(dataPath);
            return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).normalize().toString();
        } catch (InvalidPathException e) {
            problems.add(Problem.error(v.field("dataPath"), "is not a valid local path (" + e.getReason() + ")"));
            return null;
        }
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}

package io.modelarts.train.assets;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.Resources;
import io.modelarts.train.spec.TreeReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves a job's references into the assets file: {@code algorithm: {id, version}} becomes the saved
 * algorithm's fields (its highest version when none is pinned), with the job checked against it (fields
 * beside {@code id}, channels, hyperparameter types, ranges, values and editability, resource constraints)
 * and the algorithm's hyperparameter defaults filled in; {@code inputs[].dataset} becomes the dataset
 * version's path (the last version when none is given). Each problem names the job's field and, where
 * one is involved, the algorithm ({@code hyperparameters.lr: must be at most 1.0 (algorithm resnet-train v2)}).
 * A job without references comes back unchanged. Never throws.
 */
public final class AssetResolver {

    private static final Logger LOG = Logger.getLogger(AssetResolver.class.getName());

    /** The resolved job (the job as given when a reference could not be resolved) and the problems met. */
    public record Resolution(JobSpec spec, List<Problem> problems) {
        public Resolution {
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return problems.stream().anyMatch(Problem::isError);
        }
    }

    static final String NO_ASSETS = "needs an assets file (CLI: --assets FILE; Jenkins: the global configuration or the step's"
            + " assets parameter)";

    private final JobSpec spec;
    private final AssetCatalog assets;
    private final List<Problem> problems = new ArrayList<>();

    private AssetResolver(JobSpec spec, AssetCatalog assets) {
        this.spec = spec;
        this.assets = assets;
    }

    /** @param assets the assets file's catalog, or {@code null} when none was given */
    public static Resolution resolve(JobSpec spec, AssetCatalog assets) {
        if (spec == null) {
            return new Resolution(null, List.of());
        }
        AssetResolver r = new AssetResolver(spec, assets);
        try {
            return new Resolution(r.run(), r.problems);
        } catch (RuntimeException e) {
            // a bug: the user gets a problem, the log the trace
            LOG.log(Level.WARNING, "resolving the saved algorithm and datasets of job " + spec.name() + " failed unexpectedly", e);
            r.problems.add(Problem.error("algorithm", "could not be resolved (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
            return new Resolution(spec, r.problems);
        }
    }

    private JobSpec run() {
        List<DataChannel> inputs = datasets();
        Algorithm algorithm = spec.algorithm();
        Map<String, String> hyper = spec.hyperparameters();
        if (algorithm != null && algorithm.id() == null && algorithm.version() != null) {
            problems.add(Problem.error("algorithm.version", "is only used with algorithm.id (a saved algorithm)"));
        }
        if (algorithm != null && algorithm.isSaved()) {
            SavedAlgorithm saved = savedAlgorithm(algorithm);
            if (saved != null) {
                fieldsBesideId(algorithm, saved);
                channels("inputs", inputs, saved.inputs(), saved);
                channels("outputs", spec.outputs(), saved.outputs(), saved);
                hyper = hyperparameters(saved);
                constraints(saved);
                algorithm = saved.algorithm().asSaved(saved.id(), saved.version());
            }
        }
        return new JobSpec(spec.name(), spec.description(), algorithm, inputs, spec.outputs(), hyper, spec.environment(),
                spec.autoRestart(), spec.resources(), spec.priority(), spec.sfsTurbo(), spec.parallelFileSystems(),
                spec.persistentLogPath(), spec.autoStop(), spec.secretEnvironment(), spec.retraining());
    }

    // ---------------------------------------------------------------- datasets

    private List<DataChannel> datasets() {
        List<DataChannel> out = new ArrayList<>();
        for (int i = 0; i < spec.inputs().size(); i++) {
            DataChannel in = spec.inputs().get(i);
            String field = "inputs[" + i + "]";
            if (in == null || (in.dataset() == null && in.datasetVersion() == null)) {
                out.add(in);
                continue;
            }
            if (in.dataset() == null) {
                problems.add(Problem.error(field + ".version", "is only used with " + field + ".dataset"));
                out.add(in);
                continue;
            }
            if (in.dataPath() != null) {
                problems.add(Problem.error(field + ".dataset", "give dataset or dataPath, not both"));
                out.add(in);
                continue;
            }
            if (assets == null) {
                problems.add(Problem.error(field + ".dataset", "dataset '" + in.dataset() + "' " + NO_ASSETS));
                out.add(in);
                continue;
            }
            Dataset dataset = assets.dataset(in.dataset()).orElse(null);
            if (dataset == null) {
                problems.add(Problem.error(field + ".dataset", "unknown dataset '" + in.dataset() + "'; " + knownDatasets()));
                out.add(in);
                continue;
            }
            Dataset.Version version = in.datasetVersion() == null ? dataset.latest().orElse(null)
                    : dataset.version(in.datasetVersion()).orElse(null);
            if (version == null) {
                String versions = dataset.versions().stream().map(Dataset.Version::version).collect(Collectors.joining(", "));
                problems.add(Problem.error(in.datasetVersion() == null ? field + ".dataset" : field + ".version",
                        "dataset " + dataset.name() + " has no version '" + in.datasetVersion() + "'; its versions: "
                                + (versions.isEmpty() ? "none" : versions)));
                out.add(in);
                continue;
            }
            out.add(in.withDatasetPath(version.dataPath(), version.version()));
        }
        return out;
    }

    private String knownDatasets() {
        return assets.datasets().isEmpty() ? "the assets file defines no datasets"
                : "known: " + assets.datasets().stream().map(Dataset::name).collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- the algorithm

    private SavedAlgorithm savedAlgorithm(Algorithm a) {
        if (assets == null) {
            problems.add(Problem.error("algorithm.id", "saved algorithm '" + a.id() + "' " + NO_ASSETS));
            return null;
        }
        List<SavedAlgorithm> versions = assets.versionsOf(a.id());
        if (versions.isEmpty()) {
            List<String> ids = assets.algorithmIds();
            problems.add(Problem.error("algorithm.id", "unknown algorithm '" + a.id() + "'; "
                    + (ids.isEmpty() ? "the assets file defines no algorithms" : "known: " + String.join(", ", ids))));
            return null;
        }
        SavedAlgorithm saved = assets.algorithm(a.id(), a.version()).orElse(null);
        if (saved == null) {
            problems.add(Problem.error("algorithm.version", "algorithm " + a.id() + " has no version " + a.version() + "; its versions: "
                    + versions.stream().map(v -> String.valueOf(v.version())).collect(Collectors.joining(", "))));
        }
        return saved;
    }

    private void fieldsBesideId(Algorithm a, SavedAlgorithm saved) {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("bootMode", a.bootMode());
        given.put("image", a.image());
        given.put("engine", a.engine());
        given.put("codeDir", a.codeDir());
        given.put("bootFile", a.bootFile());
        given.put("bootCommand", a.bootCommand());
        given.put("userId", a.userId());
        given.put("localCodeDir", a.localCodeDir());
        given.put("workDir", a.workDir());
        given.forEach((key, value) -> {
            if (value != null) {
                problems.add(Problem.error("algorithm." + key, "must not be given beside algorithm.id: the saved algorithm defines it"
                        + at(saved)));
            }
        });
    }

    /** #17, #20: job channels must be the algorithm's (when it declares any); required ones must be filled. */
    private void channels(String key, List<DataChannel> channels, List<ChannelDefinition> defined, SavedAlgorithm saved) {
        List<String> names = defined.stream().map(ChannelDefinition::name).toList();
        List<String> given = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            DataChannel c = channels.get(i);
            if (c == null || c.name() == null) {
                continue;
            }
            given.add(c.name());
            // an algorithm that declares no channels of this kind leaves the job free
            if (!names.isEmpty() && !names.contains(c.name())) {
                String kind = key.equals("inputs") ? "input" : "output";
                problems.add(Problem.error(key + "[" + i + "].name", "'" + c.name() + "' is not an " + kind + " channel of the algorithm; "
                        + "its " + key + ": " + String.join(", ", names) + at(saved)));
            }
        }
        for (ChannelDefinition d : defined) {
            if (d.required() && !given.contains(d.name())) {
                problems.add(Problem.error(key, "the algorithm needs channel " + d.name() + at(saved)));
            }
        }
    }

    /** #23: types, constraints, editability; defaults filled in, in the algorithm's order. */
    private Map<String, String> hyperparameters(SavedAlgorithm saved) {
        Map<String, String> given = spec.hyperparameters();
        Map<String, String> out = new LinkedHashMap<>();
        for (HyperparameterDefinition d : saved.hyperparameters()) {
            String field = TreeReader.childPath("hyperparameters", d.name());
            String value = given.get(d.name());
            if (value == null) {
                if (d.defaultValue() != null) {
                    out.put(d.name(), d.defaultValue());
                } else if (d.required()) {
                    problems.add(Problem.error(field, "is required" + at(saved) + (d.type() == HyperparameterType.ENUM
                            ? ": one of " + String.join(", ", d.values()) : "")));
                }
                continue;
            }
            if (!d.editable()) {
                problems.add(Problem.error(field, "cannot be changed: the algorithm fixes it to '" + d.defaultValue() + "'" + at(saved)
                        + "; remove it from the job"));
                out.put(d.name(), d.defaultValue());
                continue;
            }
            String wrong = d.problemWith(value);
            if (wrong != null) {
                problems.add(Problem.error(field, wrong + at(saved)));
            }
            out.put(d.name(), value);
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (saved.hyperparameter(e.getKey()).isPresent()) {
                continue;
            }
            if (!saved.customHyperparameters()) {
                String known = saved.hyperparameters().stream().map(HyperparameterDefinition::name).collect(Collectors.joining(", "));
                problems.add(Problem.error(TreeReader.childPath("hyperparameters", e.getKey()), "is not a hyperparameter of the algorithm; "
                        + (known.isEmpty() ? "it defines none" : "its hyperparameters: " + known) + at(saved)));
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** #29: resource types, flavors and nodes the algorithm allows. */
    private void constraints(SavedAlgorithm saved) {
        ResourceConstraints c = saved.resources();
        Resources r = spec.resources();
        if (r != null && r.type() != null && !c.types().isEmpty() && !c.types().contains(r.type())) {
            problems.add(Problem.error("resources.type", "must be " + c.types().stream().map(Enum::name).collect(Collectors.joining(" or "))
                    + " for this algorithm (got " + r.type() + ")" + at(saved)));
        }
        if (r != null && r.flavor() != null && !c.flavors().isEmpty() && !c.flavors().contains(r.flavor())) {
            problems.add(Problem.error("resources.flavor", "flavor '" + r.flavor() + "' is not allowed by the algorithm; its flavors: "
                    + String.join(", ", c.flavors()) + at(saved)));
        }
        if (c.maxNodes() != null && spec.nodes() > c.maxNodes()) {
            problems.add(Problem.error("resources.nodes", "must be at most " + c.maxNodes() + " for this algorithm (got " + spec.nodes() + ")"
                    + at(saved)));
        }
    }

    /**
     * {@code tree} (a job-file tree) with its references replaced by what they resolved to in {@code resolved}:
     * the saved algorithm's fields instead of {@code algorithm.id}, the dataset version's path instead of
     * {@code inputs[i].dataset}, the hyperparameters with their defaults. The result plans the same job without
     * the assets file (a Jenkins step re-planned after a restart); a tree without references comes back as it was.
     */
    public static Map<String, Object> resolvedTree(Map<String, Object> tree, JobSpec resolved) {
        Map<String, Object> out = new LinkedHashMap<>(tree);
        Algorithm a = resolved.algorithm();
        if (a != null && a.isSaved()) {
            Map<String, Object> alg = new LinkedHashMap<>();
            if (a.bootMode() != null) {
                alg.put("bootMode", a.bootMode().yamlName());
            }
            putIfSet(alg, "image", a.image());
            putIfSet(alg, "engine", a.engine());
            putIfSet(alg, "codeDir", a.codeDir());
            putIfSet(alg, "bootFile", a.bootFile());
            putIfSet(alg, "bootCommand", a.bootCommand());
            putIfSet(alg, "userId", a.userId());
            putIfSet(alg, "localCodeDir", a.localCodeDir());
            putIfSet(alg, "workDir", a.workDir());
            out.put("algorithm", alg);
            out.put("hyperparameters", new LinkedHashMap<>(resolved.hyperparameters()));
        }
        if (tree.get("inputs") instanceof List<?> inputs) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Object item = inputs.get(i);
                DataChannel in = i < resolved.inputs().size() ? resolved.inputs().get(i) : null;
                if (item instanceof Map<?, ?> m && in != null && in.dataset() != null && in.dataPath() != null) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    copy.remove("dataset");
                    copy.remove("version");
                    copy.put("dataPath", in.dataPath());
                    items.add(copy);
                } else {
                    items.add(item);
                }
            }
            out.put("inputs", items);
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String at(SavedAlgorithm saved) {
        return " (algorithm " + saved.label() + ")";
    }
}

package io.jenkins.plugins.modelarts;

import hudson.Util;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one training job as the Pipeline step and the freestyle builder take them: every field of
 * the job contract under its job-file name, plus {@code file}, {@code archive}, {@code cluster} and {@code backend}.
 * Both front ends keep one instance and delegate their data-bound setters to it, so the mapping to the job-file
 * tree ({@link #toTree()}) exists once.
 *
 * <p>An unset field is {@code null} and stays out of the tree, so the job file's value (or the contract's
 * default) applies. Empty lists count as unset: a form with no rows does not erase a job file's list.
 */
public final class JobParameters {

    private String name;
    private String description;
    private TrainAlgorithm algorithm;
    private List<DataInput> inputs;
    private List<DataOutput> outputs;
    private List<Hyperparameter> hyperparameters;
    private List<EnvironmentVariable> environment;
    private Integer autoRestart;
    private TrainResources resources;
    private Integer priority;
    private List<SfsTurbo> sfsTurbo;
    private List<ParallelFileSystem> parallelFileSystems;
    private String persistentLogPath;
    private String autoStop;

    private String file;
    private String archive;
    private String cluster;
    private String backend;
    private String assets;
    private List<SecretEnvironmentVariable> secretEnvironment;

    // retraining: metrics from the log, the regression gate, skipping unchanged runs, what a failed gate does
    private List<MetricPattern> metrics;
    private String gate;
    private Boolean skipIfUnchanged;
    private String gateResult;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = Util.fixEmpty(description);
    }

    public TrainAlgorithm getAlgorithm() {
        return algorithm;
    }

    public void setAlgorithm(TrainAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public List<DataInput> getInputs() {
        return inputs;
    }

    public void setInputs(List<DataInput> inputs) {
        this.inputs = copy(inputs);
    }

    public List<DataOutput> getOutputs() {
        return outputs;
    }

    public void setOutputs(List<DataOutput> outputs) {
        this.outputs = copy(outputs);
    }

    public List<Hyperparameter> getHyperparameters() {
        return hyperparameters;
    }

    public void setHyperparameters(List<Hyperparameter> hyperparameters) {
        this.hyperparameters = copy(hyperparameters);
    }

    public List<EnvironmentVariable> getEnvironment() {
        return environment;
    }

    public void setEnvironment(List<EnvironmentVariable> environment) {
        this.environment = copy(environment);
    }

    public Integer getAutoRestart() {
        return autoRestart;
    }

    public void setAutoRestart(Integer autoRestart) {
        this.autoRestart = autoRestart;
    }

    public TrainResources getResources() {
        return resources;
    }

    public void setResources(TrainResources resources) {
        this.resources = resources;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public List<SfsTurbo> getSfsTurbo() {
        return sfsTurbo;
    }

    public void setSfsTurbo(List<SfsTurbo> sfsTurbo) {
        this.sfsTurbo = copy(sfsTurbo);
    }

    public List<ParallelFileSystem> getParallelFileSystems() {
        return parallelFileSystems;
    }

    public void setParallelFileSystems(List<ParallelFileSystem> parallelFileSystems) {
        this.parallelFileSystems = copy(parallelFileSystems);
    }

    public String getPersistentLogPath() {
        return persistentLogPath;
    }

    public void setPersistentLogPath(String persistentLogPath) {
        this.persistentLogPath = Util.fixEmptyAndTrim(persistentLogPath);
    }

    public String getAutoStop() {
        return autoStop;
    }

    public void setAutoStop(String autoStop) {
        this.autoStop = Util.fixEmptyAndTrim(autoStop);
    }

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = Util.fixEmptyAndTrim(file);
    }

    public String getArchive() {
        return archive;
    }

    public void setArchive(String archive) {
        this.archive = Util.fixEmptyAndTrim(archive);
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = Util.fixEmptyAndTrim(backend);
    }

    public String getAssets() {
        return assets;
    }

    public void setAssets(String assets) {
        this.assets = Util.fixEmptyAndTrim(assets);
    }

    public List<MetricPattern> getMetrics() {
        return metrics;
    }

    public void setMetrics(List<MetricPattern> metrics) {
        this.metrics = copy(metrics);
    }

    /** The gate's conditions, one per line (Pipeline may give a list: the descriptors join it). */
    public String getGate() {
        return gate;
    }

    public void setGate(String gate) {
        this.gate = Util.fixEmptyAndTrim(gate);
    }

    public Boolean getSkipIfUnchanged() {
        return skipIfUnchanged;
    }

    public void setSkipIfUnchanged(Boolean skipIfUnchanged) {
        this.skipIfUnchanged = skipIfUnchanged;
    }

    public String getGateResult() {
        return gateResult;
    }

    public void setGateResult(String gateResult) {
        this.gateResult = Util.fixEmptyAndTrim(gateResult);
    }

    /** Pipeline's {@code gate: ['accuracy >= 0.85', ...]} as the bindable text, one condition per line. */
    static Map<String, Object> gateListAsLines(Map<String, Object> arguments) {
        if (!(arguments.get("gate") instanceof List<?> list)) {
            return arguments;
        }
        Map<String, Object> out = new LinkedHashMap<>(arguments);
        List<String> lines = new ArrayList<>();
        list.forEach(c -> lines.add(String.valueOf(c)));
        out.put("gate", String.join("\n", lines));
        return out;
    }

    /** The gate's conditions: the non-blank lines of {@code gate}, trimmed. */
    static List<String> gateLines(String gate) {
        List<String> lines = new ArrayList<>();
        if (gate != null) {
            gate.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(lines::add);
        }
        return lines;
    }

    public List<SecretEnvironmentVariable> getSecretEnvironment() {
        return secretEnvironment;
    }

    public void setSecretEnvironment(List<SecretEnvironmentVariable> secretEnvironment) {
        this.secretEnvironment = copy(secretEnvironment);
    }

    /**
     * The job-file tree of the contract fields that are set, with the job file's names and shapes:
     * {@code hyperparameters} and {@code environment} as name-to-value mappings (so that they merge key by key
     * over a job file's), numbers as given. Only serializable maps, lists, strings, numbers and booleans.
     */
    public Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "description", description);
        if (algorithm != null) {
            m.put("algorithm", algorithm.toTree());
        }
        Trees.putList(m, "inputs", inputs, DataInput::toTree);
        Trees.putList(m, "outputs", outputs, DataOutput::toTree);
        putPairs(m, "hyperparameters", hyperparameters, Hyperparameter::getName, Hyperparameter::getValue);
        putPairs(m, "environment", environment, EnvironmentVariable::getName, EnvironmentVariable::getValue);
        Trees.put(m, "autoRestart", autoRestart);
        if (resources != null) {
            m.put("resources", resources.toTree());
        }
        Trees.put(m, "priority", priority);
        Trees.putList(m, "sfsTurbo", sfsTurbo, SfsTurbo::toTree);
        Trees.putList(m, "parallelFileSystems", parallelFileSystems, ParallelFileSystem::toTree);
        Trees.put(m, "persistentLogPath", persistentLogPath);
        Trees.put(m, "autoStop", autoStop);
        Trees.putList(m, "metrics", metrics, MetricPattern::toTree);
        if (gate != null) {
            m.put("gate", gateLines(gate));
        }
        // only "on" is passed: an unticked form box (false) must not turn off a job file's skipIfUnchanged: true
        if (Boolean.TRUE.equals(skipIfUnchanged)) {
            m.put("skipIfUnchanged", true);
        }
        putPairs(m, "secretEnvironment", secretEnvironment, SecretEnvironmentVariable::getName, SecretEnvironmentVariable::getSecret);
        return m;
    }

    /** What a build needs of these parameters, in a form that is persisted with the Pipeline program. */
    StepRequest toRequest() {
        return new StepRequest(toTree(), file, archive, cluster, backend, assets, gateResult);
    }

    /**
     * Name/value pairs as a mapping; when a name is given twice the list form is kept instead, so that the
     * validator reports the duplicate rather than one value silently winning.
     */
    private static <T> void putPairs(Map<String, Object> m, String key, List<T> pairs,
                                     java.util.function.Function<T, String> name, java.util.function.Function<T, String> value) {
        if (pairs == null) {
            return;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean duplicate = false;
        for (T p : pairs) {
            if (p == null) {
                continue;
            }
            String n = name.apply(p) == null ? "" : name.apply(p);
            String v = value.apply(p) == null ? "" : value.apply(p);
            duplicate |= !seen.add(n);
            map.put(n, v);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", n);
            item.put("value", v);
            list.add(item);
        }
        m.put(key, duplicate ? list : map);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null || list.isEmpty() ? null : new ArrayList<>(list);
    }
}

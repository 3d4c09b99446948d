package io.modelarts.train.pool;

import io.modelarts.train.rules.ImageReferences;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.ResourceType;
import io.modelarts.train.spec.TreeReader;
import io.modelarts.train.spec.YamlTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a pool catalog (YAML or JSON) and checks it: unique names, known types, well-formed
 * Kubernetes quantities and names. Problems name the field ({@code pools[0].flavors[1].memory}).
 */
public final class PoolCatalogLoader {

    private static final Set<String> TOP = keys("pools", "storage", "kubernetes");
    private static final Set<String> POOL = keys("name", "type", "namespace", "queue", "priorityClasses", "nodeSelector",
            "tolerations", "flavors", "engines", "storages", "allowRoot", "podTemplate", "cluster");
    private static final Set<String> FLAVOR = keys("id", "type", "cpu", "memory", "gpus", "gpuResource", "disk", "maxNodes",
            "nodeSelector", "tolerations", "shmSize", "podTemplate");
    private static final Set<String> ENGINE = keys("name", "image", "framework", "env");
    private static final Set<String> STORAGE = keys("name", "claim");
    private static final Set<String> TOLERATION = keys("key", "operator", "value", "effect");
    private static final Set<String> OBJECT_STORE = keys("endpoint", "region", "pathStyle", "credentialsSecret", "caSecret");
    private static final Set<String> KUBERNETES = keys("transferImage", "ttlSecondsAfterFinished", "context");

    /** A qualified Kubernetes name such as {@code nvidia.com/gpu} or {@code pool}. */
    static final Pattern QUALIFIED_NAME = Pattern.compile(
            "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Set<String> TOLERATION_OPERATORS = Set.of("Exists", "Equal");
    private static final Set<String> TOLERATION_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public record Result(PoolCatalog catalog, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean hasErrors() {
            return catalog == null || problems.stream().anyMatch(Problem::isError);
        }
    }

    private PoolCatalogLoader() {
    }

    public static Result load(Path file) {
        try {
            return loadText(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
        } catch (java.nio.charset.MalformedInputException e) {
            return new Result(null, List.of(Problem.error("", "pool catalog " + file + " is not UTF-8 text")));
        } catch (IOException | RuntimeException e) {
            return new Result(null, List.of(Problem.error("", "cannot read pool catalog " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        }
    }

    public static Result loadText(String text, String source) {
        List<Problem> problems = new ArrayList<>();
        Object tree = YamlTrees.parse(text, source, problems);
        if (tree == null) {
            return new Result(null, problems);
        }
        return fromTree(tree, problems);
    }

    public static Result fromTree(Object tree) {
        return fromTree(tree, new ArrayList<>());
    }

    private static Result fromTree(Object tree, List<Problem> problems) {
        try {
            return read(tree, problems);
        } catch (RuntimeException | StackOverflowError e) {
            problems.add(Problem.error("", "the pool catalog could not be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return new Result(null, problems);
        }
    }

    private static Result read(Object tree, List<Problem> problems) {
        TreeReader top = TreeReader.of(tree, "", problems, TOP);
        if (top == null) {
            return new Result(null, problems);
        }
        List<Pool> pools = new ArrayList<>();
        Set<String> poolNames = new HashSet<>();
        List<Object> items = top.list("pools");
        for (int i = 0; i < items.size(); i++) {
            TreeReader p = TreeReader.of(items.get(i), "pools[" + i + "]", problems, POOL);
            if (p == null) {
                continue;
            }
            Pool pool = pool(p);
            if (pool.name() != null && !poolNames.add(pool.name())) {
                problems.add(Problem.error(p.field("name"), "pool '" + pool.name() + "' is defined twice"));
            }
            pools.add(pool);
        }
        StorageSettings storage = StorageSettings.DEFAULT;
        if (top.has("storage")) {
            TreeReader s = TreeReader.of(top.raw("storage"), "storage", problems, OBJECT_STORE);
            if (s != null) {
                Boolean pathStyle = s.bool("pathStyle");
                String endpoint = s.string("endpoint");
                if (endpoint != null && !endpoint.matches("https?://[^\\s/]+(/.*)?")) {
                    problems.add(Problem.error(s.field("endpoint"), "must be an http:// or https:// URL, not '" + endpoint + "'"));
                }
                String caSecret = s.string("caSecret");
                if (caSecret != null && !caSecret.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
                    problems.add(Problem.error(s.field("caSecret"), "must be the name of a Kubernetes Secret (lower-case letters, digits, '-' and '.'), not '" + caSecret + "'"));
                }
                storage = new StorageSettings(endpoint, s.string("region"), Boolean.TRUE.equals(pathStyle), s.string("credentialsSecret"), caSecret);
            }
        }
        KubernetesSettings kubernetes = KubernetesSettings.DEFAULT;
        if (top.has("kubernetes")) {
            TreeReader k = TreeReader.of(top.raw("kubernetes"), "kubernetes", problems, KUBERNETES);
            if (k != null) {
                Integer ttl = k.integer("ttlSecondsAfterFinished");
                if (ttl != null && ttl < 0) {
                    problems.add(Problem.error(k.field("ttlSecondsAfterFinished"), "must be 0 or more seconds"));
                }
                String transferImage = k.string("transferImage");
                if (transferImage != null) {
                    String problem = ImageReferences.problemWith(transferImage);
                    if (problem != null) {
                        problems.add(Problem.error(k.field("transferImage"), problem));
                    }
                }
                kubernetes = new KubernetesSettings(transferImage,
                        ttl == null ? KubernetesSettings.DEFAULT.ttlSecondsAfterFinished() : ttl, k.string("context"));
            }
        }
        return new Result(new PoolCatalog(pools, storage, kubernetes), problems);
    }

    private static Pool pool(TreeReader p) {
        List<Problem> problems = p.problems();
        String name = required(p, "name");
        String typeText = required(p, "type");
        PoolType type = null;
        if (typeText != null) {
            type = PoolType.fromYaml(typeText.trim());
            if (type == null) {
                problems.add(Problem.error(p.field("type"), "must be public or dedicated, not '" + typeText + "'"));
            }
        }
        String namespace = p.string("namespace");
        if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
            problems.add(Problem.error(p.field("namespace"), "must be a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)"));
        }
        String queue = p.string("queue");
        if (queue != null && !DNS_SUBDOMAIN.matcher(queue).matches()) {
            problems.add(Problem.error(p.field("queue"), "must be a Kueue LocalQueue name (lowercase letters, digits, '-' and '.')"));
        }
        Map<Integer, String> priorityClasses = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : p.stringMap("priorityClasses").entrySet()) {
            String f = p.field("priorityClasses") + "." + e.getKey();
            if (!e.getKey().matches("[123]")) {
                problems.add(Problem.error(f, "priority levels are 1, 2 and 3"));
            } else if (!DNS_SUBDOMAIN.matcher(e.getValue()).matches()) {
                problems.add(Problem.error(f, "must be a PriorityClass name, not '" + e.getValue() + "'"));
            } else {
                priorityClasses.put(Integer.valueOf(e.getKey()), e.getValue());
            }
        }
        List<Flavor> flavors = new ArrayList<>();
        Set<String> flavorIds = new HashSet<>();
        List<Object> items = p.list("flavors");
        for (int i = 0; i < items.size(); i++) {
            TreeReader f = TreeReader.of(items.get(i), p.field("flavors") + "[" + i + "]", problems, FLAVOR);
            if (f == null) {
                continue;
            }
            Flavor flavor = flavor(f);
            if (flavor.id() != null && !flavorIds.add(flavor.id())) {
                problems.add(Problem.error(f.field("id"), "flavor '" + flavor.id() + "' is defined twice in this pool"));
            }
            flavors.add(flavor);
        }
        List<Engine> engines = new ArrayList<>();
        Set<String> engineNames = new HashSet<>();
        items = p.list("engines");
        for (int i = 0; i < items.size(); i++) {
            TreeReader e = TreeReader.of(items.get(i), p.field("engines") + "[" + i + "]", problems, ENGINE);
            if (e != null) {
                String engineName = required(e, "name");
                String image = required(e, "image");
                if (engineName != null && !engineNames.add(engineName)) {
                    problems.add(Problem.error(e.field("name"), "engine '" + engineName + "' is defined twice in this pool"));
                }
                if (image != null) {
                    String problem = ImageReferences.problemWith(image);
                    if (problem != null) {
                        problems.add(Problem.error(e.field("image"), problem));
                    }
                }
                String framework = e.string("framework");
                if (framework != null && Engine.Framework.fromYaml(framework.strip().toLowerCase(java.util.Locale.ROOT)) == null) {
                    problems.add(Problem.error(e.field("framework"), "must be pytorch, tensorflow, mindspore or other, not '"
                            + framework + "'"));
                    framework = null;
                }
                Map<String, String> env = e.stringMap("env");
                for (String variable : env.keySet()) {
                    if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        problems.add(Problem.error(io.modelarts.train.spec.TreeReader.childPath(e.field("env"), variable),
                                "name must start with a letter or '_' and use only letters, digits and '_'"));
                    }
                }
                engines.add(new Engine(engineName, image, framework, env));
            }
        }
        List<PoolStorage> storages = new ArrayList<>();
        Set<String> storageNames = new HashSet<>();
        items = p.list("storages");
        for (int i = 0; i < items.size(); i++) {
            TreeReader s = TreeReader.of(items.get(i), p.field("storages") + "[" + i + "]", problems, STORAGE);
            if (s != null) {
                String storageName = required(s, "name");
                String claim = required(s, "claim");
                if (storageName != null && !storageNames.add(storageName)) {
                    problems.add(Problem.error(s.field("name"), "storage '" + storageName + "' is defined twice in this pool"));
                }
                if (claim != null && !DNS_SUBDOMAIN.matcher(claim).matches()) {
                    problems.add(Problem.error(s.field("claim"), "must be a PersistentVolumeClaim name (lowercase letters, digits, '-' and '.'), not '" + claim + "'"));
                }
                storages.add(new PoolStorage(storageName, claim));
            }
        }
        Boolean allowRoot = p.bool("allowRoot");
        String cluster = p.string("cluster");
        if (cluster != null && cluster.isBlank()) {
            problems.add(Problem.error(p.field("cluster"), "must name a cluster (Jenkins) or a kubeconfig context (command line), or be left out"));
            cluster = null;
        }
        return new Pool(name, type, namespace, queue, priorityClasses, nodeSelector(p), tolerations(p),
                flavors, engines, storages, !Boolean.FALSE.equals(allowRoot), podTemplate(p, null), cluster == null ? null : cluster.trim());
    }

    private static Flavor flavor(TreeReader f) {
        String typeText = required(f, "type");
        ResourceType type = null;
        if (typeText != null) {
            type = ResourceType.fromYaml(typeText.trim());
            if (type == null) {
                f.problems().add(Problem.error(f.field("type"), "must be CPU or GPU, not '" + typeText + "'"));
            }
        }
        Integer gpus = f.integer("gpus");
        if (gpus != null && gpus < 0) {
            f.problems().add(Problem.error(f.field("gpus"), "must be 0 or more"));
        }
        if (type == ResourceType.GPU && (gpus == null || gpus < 1)) {
            f.problems().add(Problem.error(f.field("gpus"), "a GPU flavor needs at least 1 GPU"));
        }
        Integer maxNodes = f.integer("maxNodes");
        if (maxNodes != null && maxNodes < 1) {
            f.problems().add(Problem.error(f.field("maxNodes"), "must be at least 1"));
        } else if (maxNodes != null && maxNodes > io.modelarts.train.spec.Resources.MAX_NODES) {
            f.problems().add(Problem.error(f.field("maxNodes"), "must be at most " + io.modelarts.train.spec.Resources.MAX_NODES
                    + ", the most compute nodes one job may use (got " + maxNodes + ")"));
        }
        String gpuResource = f.string("gpuResource");
        if (gpuResource != null && !QUALIFIED_NAME.matcher(gpuResource).matches()) {
            f.problems().add(Problem.error(f.field("gpuResource"), "must be an extended resource name such as nvidia.com/gpu, not '" + gpuResource + "'"));
        }
        return new Flavor(required(f, "id"), type, quantity(f, "cpu"), quantity(f, "memory"), gpus == null ? 0 : gpus,
                gpuResource, quantity(f, "disk"), maxNodes, nodeSelector(f), tolerations(f), quantity(f, "shmSize"),
                podTemplate(f, gpuResource));
    }

    private static io.fabric8.kubernetes.api.model.PodTemplateSpec podTemplate(TreeReader r, String gpuResource) {
        return r.has("podTemplate") ? PodTemplates.read(r.raw("podTemplate"), r.field("podTemplate"), gpuResource, r.problems()) : null;
    }

    private static List<Toleration> tolerations(TreeReader r) {
        List<Toleration> out = new ArrayList<>();
        List<Object> items = r.list("tolerations");
        for (int i = 0; i < items.size(); i++) {
            TreeReader t = TreeReader.of(items.get(i), r.field("tolerations") + "[" + i + "]", r.problems(), TOLERATION);
            if (t != null) {
                String operator = t.string("operator");
                String value = t.string("value");
                String effect = t.string("effect");
                if (operator != null && !TOLERATION_OPERATORS.contains(operator)) {
                    r.problems().add(Problem.error(t.field("operator"), "must be Exists or Equal, not '" + operator + "'"));
                } else if ("Exists".equals(operator) && value != null && !value.isEmpty()) {
                    r.problems().add(Problem.error(t.field("value"), "must be empty with operator Exists"));
                }
                if (effect != null && !effect.isEmpty() && !TOLERATION_EFFECTS.contains(effect)) {
                    r.problems().add(Problem.error(t.field("effect"), "must be NoSchedule, PreferNoSchedule or NoExecute, not '" + effect + "'"));
                }
                out.add(new Toleration(t.string("key"), operator, value, effect));
            }
        }
        return out;
    }

    private static Map<String, String> nodeSelector(TreeReader r) {
        Map<String, String> selector = r.stringMap("nodeSelector");
        for (Map.Entry<String, String> e : selector.entrySet()) {
            String f = TreeReader.childPath(r.field("nodeSelector"), e.getKey());
            if (!QUALIFIED_NAME.matcher(e.getKey()).matches()) {
                r.problems().add(Problem.error(f, "must be a Kubernetes label key such as pool or example.com/pool"));
            } else if (!LABEL_VALUE.matcher(e.getValue()).matches()) {
                r.problems().add(Problem.error(f, "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.'), not '" + e.getValue() + "'"));
            }
        }
        return selector;
    }

    private static String quantity(TreeReader r, String key) {
        String q = r.string(key);
        if (q != null && !Quantities.isQuantity(q)) {
            r.problems().add(Problem.error(r.field(key), "must be a Kubernetes quantity such as 8, 500m or 64Gi, not '" + q + "'"));
            return null;
        }
        return q == null ? null : q.trim();
    }

    private static String required(TreeReader r, String key) {
        String v = r.string(key);
        if (v == null || v.isBlank()) {
            if (r.raw(key) == null) {
                r.problems().add(Problem.error(r.field(key), "is required"));
            }
            return null;
        }
        return v;
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}

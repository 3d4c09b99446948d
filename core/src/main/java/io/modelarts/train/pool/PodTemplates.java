package io.modelarts.train.pool;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.TreeReader;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an administrator's {@code podTemplate} (a pool's or a flavor's) into fabric8's {@link PodTemplateSpec}
 * and refuses what the Kubernetes API would refuse (unknown fields, wrong types) and what would break the pods
 * the tool renders. The template may set any PodSpec field and the pod's labels and annotations, except:
 *
 * <ul>
 *   <li>{@code metadata}: anything but {@code labels} and {@code annotations}; label and annotation keys
 *       {@code app.kubernetes.io/managed-by} and {@code modelarts-train/...} (the tool finds its pods by them);</li>
 *   <li>{@code spec}: {@code restartPolicy}, {@code subdomain}, {@code hostname}, {@code priorityClassName}
 *       (the pool's {@code priorityClasses}), {@code activeDeadlineSeconds} (auto stop),
 *       {@code securityContext.runAsUser}, {@code runAsGroup}, {@code fsGroup} (the job's {@code userId}, group 100);</li>
 *   <li>volumes named like the tool's ({@link #TOOL_VOLUMES}, {@code sfs-N}, {@code pfs-N});</li>
 *   <li>the transfer containers ({@code download}, {@code output-sync}) in {@code containers} or
 *       {@code initContainers}, and an init container named {@code train};</li>
 *   <li>in the container {@code train}: {@code image}, {@code command}, {@code args}, {@code restartPolicy}, the
 *       resources {@code cpu}, {@code memory} and the GPU resource (the flavor's), and environment variables the tool
 *       sets ({@code MA_*}, {@code VC_*}, {@code PET_*}, {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR},
 *       {@code MASTER_PORT}, {@code S3_ENDPOINT});</li>
 *   <li>in any container: a volume mount at or under the tool's folders ({@link #TOOL_PATHS}).</li>
 * </ul>
 */
public final class PodTemplates {

    /** The containers the tool renders. */
    public static final String TRAIN = "train";
    public static final Set<String> TRANSFER_CONTAINERS = Set.of("download", "output-sync");
    /** The volumes the tool renders; SFS Turbo and parallel file systems add {@code sfs-N} and {@code pfs-N}. */
    public static final Set<String> TOOL_VOLUMES = Set.of("modelarts", "job-dir", "control", "cache", "dshm");
    /** Folders the tool mounts in its containers. */
    public static final List<String> TOOL_PATHS = List.of("/home/ma-user/modelarts", "/cache", "/dev/shm", "/modelarts-train");

    private static final Set<String> METADATA = Set.of("labels", "annotations");
    private static final Set<String> OWNED_SPEC = Set.of("restartPolicy", "subdomain", "hostname", "priorityClassName",
            "activeDeadlineSeconds");
    private static final Set<String> OWNED_POD_SECURITY = Set.of("runAsUser", "runAsGroup", "fsGroup");
    private static final Set<String> OWNED_TRAIN = Set.of("image", "command", "args", "restartPolicy");
    private static final Set<String> OWNED_VARIABLES = Set.of("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "S3_ENDPOINT");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private PodTemplates() {
    }

    /**
     * The template at {@code path} (a map with {@code metadata} and {@code spec}), or null when it has problems (added
     * to {@code problems}, each naming the field). {@code gpuResource}: the flavor's GPU resource (null: the default).
     */
    public static PodTemplateSpec read(Object raw, String path, String gpuResource, List<Problem> problems) {
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(Problem.error(path, "must be a mapping with metadata and spec, not " + TreeReader.typeName(raw)));
            return null;
        }
        int before = problems.size();
        for (Object key : map.keySet()) {
            if (!"metadata".equals(key) && !"spec".equals(key)) {
                problems.add(Problem.error(path + "." + key, "unknown field; a pod template has metadata and spec"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        PodTemplateSpec template;
        try {
            template = SERIALIZATION.convertValue(map, PodTemplateSpec.class);
        } catch (RuntimeException e) {
            problems.add(Problem.error(path, "is not a valid pod template: " + firstLine(e.getMessage())));
            return null;
        }
        unknownFields(map, template, path, problems);
        if (problems.size() == before) {
            owned(map, path, gpuResource == null ? Flavor.DEFAULT_GPU_RESOURCE : gpuResource, problems);
        }
        return problems.size() == before ? template : null;
    }

    // ---------------------------------------------------------------- the Kubernetes schema

    /**
     * fabric8 keeps unknown fields in {@code additionalProperties} where the API server would refuse them: walk the
     * written tree beside the parsed model and name each one.
     */
    private static void unknownFields(Object raw, Object model, String path, List<Problem> problems) {
        if (raw instanceof List<?> list && model instanceof List<?> parsed) {
            for (int i = 0; i < list.size() && i < parsed.size(); i++) {
                unknownFields(list.get(i), parsed.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (!(raw instanceof Map<?, ?> map) || model == null || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return; // scalars, quantities, free-form maps (labels, nodeSelector)
        }
        Map<?, ?> additional = additionalProperties(model);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String child = TreeReader.childPath(path, key);
            if (additional.containsKey(key)) {
                problems.add(Problem.error(child, "unknown field of " + model.getClass().getSimpleName()
                        + " (Kubernetes API " + kind(model) + ")"));
                continue;
            }
            Object value = getter(model, key);
            if (value != null) {
                unknownFields(e.getValue(), value, child, problems);
            }
        }
    }

    private static String kind(Object model) {
        String n = model.getClass().getSimpleName();
        return n.substring(0, 1).toLowerCase(Locale.ROOT) + n.substring(1);
    }

    private static Map<?, ?> additionalProperties(Object model) {
        try {
            Object a = model.getClass().getMethod("getAdditionalProperties").invoke(model);
            return a instanceof Map<?, ?> m ? m : Map.of();
        } catch (ReflectiveOperationException e) {
            return Map.of();
        }
    }

    private static Object getter(Object model, String key) {
        if (key.isEmpty()) {
            return null;
        }
        String suffix = Character.toUpperCase(key.charAt(0)) + key.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                Method m = model.getClass().getMethod(prefix + suffix);
                return m.invoke(model);
            } catch (ReflectiveOperationException e) {
                // try the next form
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- what the tool owns

    private static void owned(Map<?, ?> template, String path, String gpuResource, List<Problem> problems) {
        if (template.get("metadata") instanceof Map<?, ?> metadata) {
            String m = path + ".metadata";
            for (Map.Entry<?, ?> e : metadata.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!METADATA.contains(key)) {
                    problems.add(Problem.error(m + "." + key, "is set by modelarts-train; a pod template may set only labels and annotations"));
                } else if (e.getValue() instanceof Map<?, ?> values) {
                    for (Map.Entry<?, ?> v : values.entrySet()) {
                        metadataEntry(TreeReader.childPath(m + "." + key, String.valueOf(v.getKey())), String.valueOf(v.getKey()),
                                v.getValue(), "labels".equals(key), problems);
                    }
                }
            }
        }
        if (!(template.get("spec") instanceof Map<?, ?> spec)) {
            return;
        }
        String s = path + ".spec";
        for (Object key : spec.keySet()) {
            if (OWNED_SPEC.contains(String.valueOf(key))) {
                problems.add(Problem.error(s + "." + key, "is set by modelarts-train and cannot come from a pod template"));
            }
        }
        if (spec.get("securityContext") instanceof Map<?, ?> security) {
            for (Object key : security.keySet()) {
                if (OWNED_POD_SECURITY.contains(String.valueOf(key))) {
                    problems.add(Problem.error(s + ".securityContext." + key,
                            "is set from the job's userId (group 100) and cannot come from a pod template"));
                }
            }
        }
        forEach(spec.get("volumes"), s + ".volumes", (v, p) -> {
            String name = String.valueOf(v.get("name"));
            if (TOOL_VOLUMES.contains(name) || name.matches("(sfs|pfs)-[0-9]+")) {
                problems.add(Problem.error(p + ".name", "'" + name + "' is a volume of modelarts-train; choose another name"));
            }
        });
        forEach(spec.get("initContainers"), s + ".initContainers", (c, p) -> {
            String name = String.valueOf(c.get("name"));
            if (c.get("name") == null) {
                problems.add(Problem.error(p + ".name", "is required"));
            }
            if (TRANSFER_CONTAINERS.contains(name) || TRAIN.equals(name)) {
                problems.add(Problem.error(p + ".name", "'" + name + "' is a container of modelarts-train and cannot be changed by a pod template"));
            }
            mounts(c, p, problems);
        });
        forEach(spec.get("containers"), s + ".containers", (c, p) -> {
            String name = String.valueOf(c.get("name"));
            if (c.get("name") == null) {
                problems.add(Problem.error(p + ".name", "is required"));
            }
            if (TRANSFER_CONTAINERS.contains(name)) {
                problems.add(Problem.error(p + ".name", "'" + name + "' is a container of modelarts-train and cannot be changed by a pod template"));
            } else if (TRAIN.equals(name)) {
                train(c, p, gpuResource, problems);
            } else if (c.get("image") == null) {
                problems.add(Problem.error(p + ".image", "is required: a container the template adds needs an image"));
            }
            mounts(c, p, problems);
        });
    }

    private static void metadataEntry(String field, String key, Object value, boolean label, List<Problem> problems) {
        if (key.equals("app.kubernetes.io/managed-by") || key.startsWith("modelarts-train/")) {
            problems.add(Problem.error(field, "is set by modelarts-train, which finds its pods by it"));
        } else if (!PoolCatalogLoader.QUALIFIED_NAME.matcher(key).matches()) {
            problems.add(Problem.error(field, "must be a Kubernetes " + (label ? "label" : "annotation")
                    + " key such as team or example.com/team"));
        } else if (label && !PoolCatalogLoader.LABEL_VALUE.matcher(String.valueOf(value)).matches()) {
            problems.add(Problem.error(field, "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.'), not '"
                    + value + "'"));
        }
    }

    private static void train(Map<?, ?> c, String p, String gpuResource, List<Problem> problems) {
        for (Object key : c.keySet()) {
            if (OWNED_TRAIN.contains(String.valueOf(key))) {
                problems.add(Problem.error(p + "." + key, "of the train container is set by modelarts-train (the job's image and boot command)"));
            }
        }
        if (c.get("resources") instanceof Map<?, ?> resources) {
            for (String kind : List.of("limits", "requests")) {
                if (resources.get(kind) instanceof Map<?, ?> amounts) {
                    for (Object r : amounts.keySet()) {
                        if (List.of("cpu", "memory", gpuResource, Flavor.DEFAULT_GPU_RESOURCE).contains(String.valueOf(r))) {
                            problems.add(Problem.error(p + ".resources." + kind + "." + r, "comes from the flavor and cannot come from a pod template"));
                        }
                    }
                }
            }
        }
        forEach(c.get("env"), p + ".env", (e, f) -> {
            String name = String.valueOf(e.get("name"));
            if (OWNED_VARIABLES.contains(name) || name.startsWith("MA_") || name.startsWith("VC_") || name.startsWith("PET_")) {
                problems.add(Problem.error(f + ".name", name + " is set by modelarts-train for the training code"));
            }
        });
    }

    private static void mounts(Map<?, ?> c, String p, List<Problem> problems) {
        forEach(c.get("volumeMounts"), p + ".volumeMounts", (m, f) -> {
            String mountPath = String.valueOf(m.get("mountPath"));
            for (String tool : TOOL_PATHS) {
                if (mountPath.equals(tool) || mountPath.startsWith(tool + "/") || tool.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/")) {
                    problems.add(Problem.error(f + ".mountPath", "'" + mountPath + "' overlaps " + tool + ", which modelarts-train mounts"));
                    break;
                }
            }
        });
    }

    private interface ItemCheck {
        void check(Map<?, ?> item, String path);
    }

    private static void forEach(Object list, String path, ItemCheck check) {
        if (list instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Map<?, ?> item) {
                    check.check(item, path + "[" + i + "]");
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "wrong type";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}

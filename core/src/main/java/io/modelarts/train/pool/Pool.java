package io.modelarts.train.pool;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource pool: a namespace (optionally a Kueue LocalQueue) with its flavors, engines and storages.
 * {@code allowRoot} (default true, as ModelArts' dedicated pools) says whether a job may run as user 0;
 * {@code podTemplate} (may be null) is merged onto every pod of the pool (see {@link PodTemplates});
 * {@code cluster} (may be null: the default one) names the cluster the pool lives in: a configured cluster in
 * Jenkins, a kubeconfig context on the command line.
 */
public record Pool(
        String name,
        PoolType type,
        String namespace,
        String queue,
        Map<Integer, String> priorityClasses,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        List<Flavor> flavors,
        List<Engine> engines,
        List<PoolStorage> storages,
        boolean allowRoot,
        PodTemplateSpec podTemplate,
        String cluster) {

    /** A pool that lets jobs run as root (the default). */
    public Pool(String name, PoolType type, String namespace, String queue, Map<Integer, String> priorityClasses,
            Map<String, String> nodeSelector, List<Toleration> tolerations, List<Flavor> flavors, List<Engine> engines,
            List<PoolStorage> storages) {
        this(name, type, namespace, queue, priorityClasses, nodeSelector, tolerations, flavors, engines, storages, true, null, null);
    }

    public Pool {
        priorityClasses = priorityClasses == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(priorityClasses));
        nodeSelector = nodeSelector == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        flavors = flavors == null ? List.of() : List.copyOf(flavors);
        engines = engines == null ? List.of() : List.copyOf(engines);
        storages = storages == null ? List.of() : List.copyOf(storages);
    }

    public boolean isDedicated() {
        return type == PoolType.DEDICATED;
    }

    public Optional<Flavor> flavor(String id) {
        return flavors.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public Optional<Engine> engine(String engineName) {
        return engines.stream().filter(e -> e.name().equals(engineName)).findFirst();
    }

    public Optional<PoolStorage> storage(String storageName) {
        return storages.stream().filter(s -> s.name().equals(storageName)).findFirst();
    }
}

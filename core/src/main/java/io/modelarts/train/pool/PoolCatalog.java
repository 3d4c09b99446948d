package io.modelarts.train.pool;

import java.util.List;
import java.util.Optional;

/**
 * The resource pools a job may use, the object store behind {@code obs://} paths and the cluster
 * settings. Loaded from a pool file on the command line, or from the Jenkins global configuration.
 */
public record PoolCatalog(List<Pool> pools, StorageSettings storage, KubernetesSettings kubernetes) {

    public PoolCatalog {
        pools = pools == null ? List.of() : List.copyOf(pools);
        storage = storage == null ? StorageSettings.DEFAULT : storage;
        kubernetes = kubernetes == null ? KubernetesSettings.DEFAULT : kubernetes;
    }

    public Optional<Pool> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * This catalog with the kubeconfig context of pool {@code poolName}'s {@code cluster}, for the command line:
     * unchanged when the pool names none (or there is no such pool).
     */
    public PoolCatalog forPool(String poolName) {
        return withContext(pool(poolName).map(Pool::cluster).orElse(null));
    }

    /**
     * This catalog with the kubeconfig context of the pools in {@code namespace}, when they name one cluster; unchanged
     * when none of them names a cluster, or they name different ones (the catalog's context decides).
     */
    public PoolCatalog forNamespace(String namespace) {
        List<String> clusters = pools.stream().filter(p -> p.cluster() != null && p.namespace() != null && p.namespace().equals(namespace))
                .map(Pool::cluster).distinct().toList();
        return withContext(clusters.size() == 1 ? clusters.get(0) : null);
    }

    private PoolCatalog withContext(String context) {
        if (context == null || context.equals(kubernetes.context())) {
            return this;
        }
        return new PoolCatalog(pools, storage, new KubernetesSettings(kubernetes.transferImage(), kubernetes.ttlSecondsAfterFinished(), context));
    }
}

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
}

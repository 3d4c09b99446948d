package io.modelarts.train.cli;

import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;

import java.nio.file.Path;

/** The pool catalog for the cluster commands: optional for status/logs/stop, where only its Kubernetes settings matter. */
final class Kube {

    private Kube() {
    }

    static PoolCatalog catalog(Path pools) {
        if (pools == null) {
            return new PoolCatalog(null, null, null);
        }
        Inputs.requireReadable(pools, "pool catalog");
        PoolCatalogLoader.Result r = PoolCatalogLoader.load(pools);
        if (r.hasErrors()) {
            throw new CliException(ExitCodes.ERROR, String.join("\nmodelarts-train: ", r.problems().stream()
                    .map(Problem::toString).map(p -> pools.getFileName() + ": " + p).toList()));
        }
        return r.catalog();
    }
}

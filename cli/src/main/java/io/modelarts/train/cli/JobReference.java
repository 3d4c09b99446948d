package io.modelarts.train.cli;

import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/** The arguments shared by status, logs, stop and priority: a job name, a pool catalog and a namespace. */
final class JobReference {

    @Parameters(index = "0", paramLabel = "NAME", description = "The job's name from its job file, or its Kubernetes name.")
    String name;

    @Option(names = "--pools", paramLabel = "FILE", description = "The pool catalog (for its Kubernetes settings and namespaces).")
    Path pools;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "The namespace (default: the kubeconfig context's, then those of the pool catalog's pools).")
    String namespace;

    /**
     * Where to look for the job: {@code --namespace} alone when given; else the kubeconfig context's namespace (null), then
     * every namespace the catalog's pools submit to, in the catalog's order, since {@code run} put the job in its pool's.
     */
    List<String> namespaces(PoolCatalog catalog) {
        List<String> out = new ArrayList<>();
        out.add(namespace);
        if (namespace == null) {
            catalog.pools().stream().map(Pool::namespace).filter(Objects::nonNull).distinct().forEach(out::add);
        }
        return out;
    }

    /**
     * The first answer of {@code lookup} (given the catalog with the namespace's cluster context, and the namespace) over
     * {@link #namespaces}, or empty when the job is in none of them.
     */
    <T> Optional<T> findIn(PoolCatalog catalog, BiFunction<PoolCatalog, String, Optional<T>> lookup) {
        for (String ns : namespaces(catalog)) {
            Optional<T> found = lookup.apply(catalog.forNamespace(ns), ns);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The error for a job that {@link #findIn} did not find, naming where it looked. */
    CliException notFound(PoolCatalog catalog) {
        List<String> where = namespaces(catalog).stream().map(ns -> ns == null ? "the kubeconfig context's namespace" : ns).toList();
        return new CliException(ExitCodes.ERROR, "job " + name + " not found (looked in " + String.join(", ", where) + ")");
    }
}

package io.modelarts.train.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelarts.train.backend.Backend;
import io.modelarts.train.backend.kubernetes.JobAlreadyEndedException;
import io.modelarts.train.backend.kubernetes.JdkHttpClients;
import io.modelarts.train.backend.kubernetes.JobNotFoundException;
import io.modelarts.train.backend.kubernetes.KubernetesBackend;
import io.modelarts.train.backend.kubernetes.KubernetesBackendOptions;
import io.modelarts.train.backend.kubernetes.KubernetesJobQueries.StopOutcome;
import io.modelarts.train.backend.kubernetes.KubernetesRenderer;
import io.modelarts.train.backend.kubernetes.PriorityChange;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.PoolCatalog;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The cluster commands backed by the Kubernetes backend. The connection comes from {@code KUBECONFIG} /
 * {@code ~/.kube/config} (the catalog's {@code kubernetes.context} picks a context) or the in-cluster
 * service account. Each query opens a backend for the call and closes it after. The HTTP client is the JDK's
 * ({@link JdkHttpClients}): no further library in the jar, and a bounded number of threads however many logs are open.
 */
final class KubernetesClusterAccess implements ClusterAccess {

    /** Opens a backend for a command (closed by the command when it is done). */
    interface Connector {
        KubernetesBackend open(PoolCatalog catalog);
    }

    private final Connector connector;

    /** Connections from the kubeconfig or the in-cluster service account, on the JDK's HTTP client. */
    KubernetesClusterAccess() {
        this(catalog -> KubernetesBackend.connect(JdkHttpClients.factory(), catalog, catalog.kubernetes().context(),
                KubernetesBackendOptions.DEFAULTS));
    }

    /** Connections that {@code connector} opens (a test cluster). */
    KubernetesClusterAccess(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Backend backend(PoolCatalog catalog) {
        return connected(catalog, b -> b, false);
    }

    @Override
    public List<String> render(JobPlan plan, PoolCatalog catalog) {
        KubernetesRenderer renderer = new KubernetesRenderer(catalog);
        try {
            // one YAML document per object; rendering needs no cluster
            return renderer.render(plan).stream().map(o -> stripDocumentStart(KubernetesRenderer.toYaml(List.of(o)))).toList();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID, e.getMessage());
        }
    }

    @Override
    public Optional<String> status(PoolCatalog catalog, String namespace, String name) {
        return connected(catalog, b -> {
            try {
                return Optional.of(b.queries().status(namespace, name).describe());
            } catch (JobNotFoundException e) {
                return Optional.empty();
            }
        }, true);
    }

    @Override
    public Optional<CompletableFuture<JobResult>> logs(PoolCatalog catalog, String namespace, String name, boolean follow,
                                                       JobEventSink sink) {
        KubernetesBackend backend = connected(catalog, b -> b, false);
        try {
            CompletableFuture<JobResult> done = backend.queries().logs(namespace, name, follow, sink);
            return Optional.of(done.whenComplete((r, e) -> backend.close()));
        } catch (JobNotFoundException e) {
            backend.close();
            return Optional.empty();
        } catch (RuntimeException e) {
            backend.close();
            throw clusterError(e);
        }
    }

    @Override
    public StopOutcome stop(PoolCatalog catalog, String namespace, String name, String reason) {
        return connected(catalog, b -> {
            try {
                return b.queries().stop(namespace, name, reason);
            } catch (JobAlreadyEndedException e) {
                throw new CliException(ExitCodes.ERROR, e.getMessage());
            }
        }, true);
    }

    @Override
    public Optional<String> changePriority(PoolCatalog catalog, String namespace, String name, int priority) {
        return connected(catalog, b -> {
            try {
                return Optional.of(b.queries().changePriority(namespace, name, priority).describe());
            } catch (JobNotFoundException e) {
                return Optional.empty();
            } catch (PriorityChange.RefusedException e) {
                throw new CliException(e.refusal() == PriorityChange.Refusal.INVALID ? ExitCodes.INVALID : ExitCodes.ERROR, e.getMessage());
            }
        }, true);
    }

    /** Runs {@code call} on a connected backend; closes it afterwards when {@code close}. Cluster errors become one clear line. */
    private <T> T connected(PoolCatalog catalog, Function<KubernetesBackend, T> call, boolean close) {
        KubernetesBackend backend;
        try {
            backend = connector.open(catalog);
        } catch (RuntimeException e) {
            throw clusterError(e);
        }
        try {
            return call.apply(backend);
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw clusterError(e);
        } finally {
            if (close) {
                backend.close();
            }
        }
    }

    private static String stripDocumentStart(String yaml) {
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }

    private static CliException clusterError(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = e instanceof KubernetesClientException k && k.getCode() > 0
                ? "the Kubernetes API answered " + k.getCode() + ": " + firstLine(k.getMessage())
                : firstLine(String.valueOf(e.getMessage()))
                  + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + firstLine(String.valueOf(root.getMessage())) + ")");
        return new CliException(ExitCodes.ERROR, "cannot reach the Kubernetes cluster (KUBECONFIG, ~/.kube/config or in-cluster): " + what);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

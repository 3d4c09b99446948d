package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The two informers of one namespace, shared by every job this backend watches there: Jobs and Pods
 * carrying {@code app.kubernetes.io/managed-by=modelarts-train}. An informer lists, then watches; when a
 * watch closes or expires ({@code 410 Gone}) it lists again and re-watches. Its exception handler retries
 * after every error, so an informer never stops by itself (fabric8's default handler would stop it after
 * a non-410 watch error). Events go to the backend's control thread; nothing here blocks.
 *
 * <p>Once synced, the caches answer what would otherwise cost API round trips on every submission: whether
 * a submission already has a Job, and the first look at a Job and its pods.
 */
final class NamespaceInformers {

    /** Receives events; {@code deleted} for removals. Called on the informer's thread. */
    interface Listener {
        void job(Job job, boolean deleted);

        void pod(Pod pod, boolean deleted);

        void error(String namespace, String kind, Throwable error);
    }

    private static final String BY_SUBMISSION = "submission";
    private static final String BY_OWNER = "owner";
    private static final String BY_OUTPUT = "output";

    final String namespace;
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;
    int users;

    NamespaceInformers(KubernetesClient client, String namespace, Listener listener) {
        this.namespace = namespace;
        this.jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE).runnableInformer(0);
        this.pods = client.pods().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE).runnableInformer(0);
        // the caches keep what the engine reads of each object (a Job's pod template and a pod's containers are most of
        // their size), and no namespace index: both informers watch one namespace
        jobs.itemStore(new HeldObjects.ReducingStore<>(HeldObjects::reduce)).removeNamespaceIndex();
        pods.itemStore(new HeldObjects.ReducingStore<>(HeldObjects::reduce)).removeNamespaceIndex();
        jobs.exceptionHandler((started, t) -> {
            listener.error(namespace, "jobs", t);
            return true;
        });
        pods.exceptionHandler((started, t) -> {
            listener.error(namespace, "pods", t);
            return true;
        });
        jobs.addIndexers(Map.of(BY_SUBMISSION, j -> {
            String base = j.getMetadata().getLabels() == null ? null : j.getMetadata().getLabels().get(KubernetesNames.JOB_LABEL);
            return base == null ? List.of() : List.of(base);
        }, BY_OUTPUT, OutputPaths::indexKeys));
        pods.addIndexers(Map.of(BY_OWNER, p -> {
            String owner = JobObjects.ownerUid(p);
            return owner == null ? List.of() : List.of(owner);
        }));
        jobs.addEventHandler(handler(listener::job));
        pods.addEventHandler(handler(listener::pod));
    }

    /** True once both informers listed: from then on their caches hold every Job and pod of ours in the namespace. */
    boolean synced() {
        return jobs.hasSynced() && pods.hasSynced();
    }

    /**
     * The attempts of one submission ({@link KubernetesNames#JOB_LABEL}) as the cache holds them, or null while it is
     * not synced. Thread-safe.
     */
    List<Job> cachedAttempts(String base) {
        return synced() ? jobs.getIndexer().byIndex(BY_SUBMISSION, base) : null;
    }

    /**
     * The cached Jobs by output folder ({@link OutputPaths#indexKeys}), for a submission's output-path check without a
     * scan of every Job; null while the cache is not synced. Thread-safe.
     */
    Function<String, List<Job>> cachedByOutput() {
        return synced() ? key -> jobs.getIndexer().byIndex(BY_OUTPUT, key) : null;
    }

    /** The cached Job {@code name}, or null. */
    Job cachedJob(String name) {
        return jobs.getStore().getByKey(namespace + "/" + name);
    }

    /** The cached pods owned by the Job {@code uid}. */
    List<Pod> cachedPods(String uid) {
        return pods.getIndexer().byIndex(BY_OWNER, uid);
    }

    private <T> ResourceEventHandler<T> handler(BiConsumer<T, Boolean> sink) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                sink.accept(obj, false);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                sink.accept(newObj, false);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                sink.accept(obj, true);
            }
        };
    }

    /** Starts both informers; completes when both listed once (or failed to start). */
    CompletableFuture<Void> start() {
        return CompletableFuture.allOf(jobs.start().toCompletableFuture(), pods.start().toCompletableFuture());
    }

    void stop() {
        jobs.stop();
        pods.stop();
    }
}

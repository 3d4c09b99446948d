package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The two informers of one namespace, shared by every job this backend watches there: Jobs and Pods
 * carrying {@code app.kubernetes.io/managed-by=modelarts-train}. An informer lists, then watches; when a
 * watch closes or expires ({@code 410 Gone}) it lists again and re-watches. Its exception handler retries
 * after every error, so an informer never stops by itself (fabric8's default handler would stop it after
 * a non-410 watch error). Events go to the backend's control thread; nothing here blocks.
 */
final class NamespaceInformers {

    /** Receives events; {@code deleted} for removals. Called on the informer's thread. */
    interface Listener {
        void job(Job job, boolean deleted);

        void pod(Pod pod, boolean deleted);

        void error(String namespace, String kind, Throwable error);
    }

    final String namespace;
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;
    /** Lists done by both informers (the first one, then one after each expired watch); for diagnostics and tests. */
    final AtomicInteger lists;
    int users;

    NamespaceInformers(KubernetesClient client, String namespace, Listener listener, AtomicInteger lists) {
        this.namespace = namespace;
        this.lists = lists;
        this.jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE).runnableInformer(0);
        this.pods = client.pods().inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE).runnableInformer(0);
        jobs.exceptionHandler((started, t) -> {
            listener.error(namespace, "jobs", t);
            return true;
        });
        pods.exceptionHandler((started, t) -> {
            listener.error(namespace, "pods", t);
            return true;
        });
        jobs.addEventHandler(handler(listener::job));
        pods.addEventHandler(handler(listener::pod));
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

            @Override
            public void onList(String resourceVersion, boolean empty) {
                lists.incrementAndGet();
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

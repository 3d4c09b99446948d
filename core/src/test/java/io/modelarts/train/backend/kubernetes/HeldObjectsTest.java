package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What the backend keeps of a watched Job and its pods: what it reads, once, without the pod template and containers. */
class HeldObjectsTest extends KubeBackendTestSupport {

    @Test
    void aReducedJobKeepsWhatTheEngineReadsAndLosesItsPodTemplate() {
        Job rendered = (Job) backend.renderer().render(plan(KubeFixtures.SINGLE), 1, ns).get(0);
        Job full = new JobBuilder(rendered)
                .editMetadata().withUid("u-1").withResourceVersion("7")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").withOperation("Update").build())
                .endMetadata()
                .editSpec().withSuspend(true).withActiveDeadlineSeconds(3600L).endSpec()
                .withNewStatus().addNewCondition().withType("Failed").withStatus("True").withReason("DeadlineExceeded").endCondition()
                .endStatus().build();
        int fullSize = Serialization.asJson(full).length();
        Job copy = new JobBuilder(full).build();

        Job reduced = HeldObjects.reduce(copy);

        assertThat(reduced).isSameAs(copy);
        assertThat(reduced.getSpec().getTemplate()).isNull();
        assertThat(reduced.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(reduced.getMetadata().getLabels()).isEqualTo(full.getMetadata().getLabels());
        assertThat(reduced.getMetadata().getAnnotations()).isEqualTo(full.getMetadata().getAnnotations())
                .containsKeys(KubernetesNames.SPEC_HASH_ANNOTATION, KubernetesNames.OUTPUTS_ANNOTATION);
        assertThat(reduced.getSpec().getSuspend()).isTrue();
        assertThat(reduced.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(reduced.getStatus()).isEqualTo(full.getStatus());
        // the status a watcher reports is the same for both
        JobStatusMapper mapper = new JobStatusMapper(1, null, FAST.abnormalAfter(), FAST.lostPodTimeout());
        assertThat(mapper.observe(reduced, List.of(), Map.of(), java.time.Instant.now()).reason())
                .isEqualTo(new JobStatusMapper(1, null, FAST.abnormalAfter(), FAST.lostPodTimeout())
                        .observe(full, List.of(), Map.of(), java.time.Instant.now()).reason())
                .contains("auto stop");
        assertThat(Serialization.asJson(reduced).length()).as("JSON size of the reduced Job").isLessThan(fullSize / 4);
    }

    @Test
    void theInformersHandOnTheReducedInstanceTheirCacheHolds() {
        behaviour(pod -> {
            pod.start();
            pod.await("end-" + pod.namespace());
            pod.exit(0);
        });
        Map<String, Job> jobEvents = new ConcurrentHashMap<>();
        Map<String, Pod> podEvents = new ConcurrentHashMap<>();
        NamespaceInformers informers = new NamespaceInformers(client, ns, new NamespaceInformers.Listener() {
            @Override
            public void job(Job job, boolean deleted) {
                jobEvents.put(job.getMetadata().getName(), job);
            }

            @Override
            public void pod(Pod pod, boolean deleted) {
                podEvents.put(pod.getMetadata().getName(), pod);
            }

            @Override
            public void error(String namespace, String kind, Throwable error) {
                throw new AssertionError(kind + " informer failed", error);
            }
        });
        try {
            informers.start().join();
            Job rendered = (Job) backend.renderer().render(plan(KubeFixtures.SINGLE), 1, ns).get(0);
            cluster.apiClient().batch().v1().jobs().inNamespace(ns).resource(rendered).create();
            String name = rendered.getMetadata().getName();
            // once the pod runs nothing changes any more: the last events and the caches agree
            eventually().untilAsserted(() -> {
                assertThat(podEvents.values()).singleElement().satisfies(p -> assertThat(JobStatusMapper.phase(p)).isEqualTo("Running"));
                assertThat(informers.cachedJob(name)).as("one instance per Job: the cache's is the event's").isSameAs(jobEvents.get(name));
                Pod p = podEvents.values().iterator().next();
                assertThat(informers.cachedPods(p.getMetadata().getOwnerReferences().get(0).getUid())).singleElement().isSameAs(p);
            });

            Job stored = cluster.apiClient().batch().v1().jobs().inNamespace(ns).withName(name).get();
            assertThat(stored.getSpec().getTemplate().getSpec().getContainers()).as("the cluster's Job is whole").isNotEmpty();
            Job seen = jobEvents.get(name);
            assertThat(seen.getSpec().getTemplate()).isNull();
            assertThat(seen.getMetadata().getAnnotations()).isEqualTo(stored.getMetadata().getAnnotations());

            Pod pod = podEvents.values().iterator().next();
            Pod storedPod = cluster.apiClient().pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
            assertThat(storedPod.getSpec().getContainers()).isNotEmpty();
            assertThat(pod.getSpec().getContainers()).isEmpty();
            assertThat(pod.getSpec().getNodeName()).isEqualTo(storedPod.getSpec().getNodeName());
        } finally {
            cluster.kubelet().signal("end-" + ns);
            informers.stop();
        }
    }
}

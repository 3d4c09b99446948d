package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety net under the informers: every reconcile interval one list of the namespace's Jobs and one of its pods,
 * however many jobs are watched there, and what a silent watch missed is still seen through them.
 */
class KubernetesBackendSweepTest extends KubeBackendTestSupport {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final String SELECTOR = "labelSelector=app.kubernetes.io%2Fmanaged-by%3Dmodelarts-train";

    @Test
    void everyIntervalOneListOfJobsAndOneOfPodsPerNamespaceWhateverTheNumberOfJobs() throws InterruptedException {
        behaviour(pod -> {
            pod.start();
            pod.log("job " + pod.jobName());
            pod.await("sweep-" + pod.namespace());
            pod.exit(0);
        });
        int jobs = 6;
        List<RunningJob> running = new ArrayList<>();
        try (KubernetesBackend swept = new KubernetesBackend(client, catalog, FAST.withReconcileInterval(INTERVAL))) {
            for (int i = 0; i < jobs; i++) {
                running.add(swept.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: swept-" + i)
                        .replace("obs://bucket/output/", "obs://bucket/output-" + i + "/")), sink));
            }
            eventually().untilAsserted(() -> assertThat(sink.texts()).hasSize(jobs));

            int from = cluster.requests().size();
            long start = System.nanoTime();
            eventually().until(() -> count(sent(from), jobList()) >= 4);
            long elapsed = System.nanoTime() - start;
            List<String> sent = sent(from);

            long jobLists = count(sent, jobList());
            long podLists = count(sent, "GET /api/v1/namespaces/" + ns + "/pods?" + SELECTOR);
            // the lists of one sweep are sent one after the other: the window may cut a sweep in two
            assertThat(podLists).as("pod lists: " + sent).isBetween(jobLists - 1, jobLists + 1);
            // a fixed delay between sweeps: never more than one per interval (plus the one in flight when counting began)
            assertThat(jobLists).isLessThanOrEqualTo(elapsed / INTERVAL.toNanos() + 2);
            // nothing per job: no GET of one Job, no list of one job's pods
            assertThat(sent).as("requests per job").noneMatch(r -> r.startsWith("GET /apis/batch/v1/namespaces/" + ns + "/jobs/"))
                    .noneMatch(r -> r.contains("/pods?") && r.contains("modelarts-train%2Fjob"));

            cluster.kubelet().signal("sweep-" + ns);
            for (RunningJob j : running) {
                assertThat(result(j).status()).isEqualTo(JobStatus.COMPLETED);
            }
        }
    }

    @Test
    void aJobThatEndsWhileItsWatchesAreSilentEndsThroughTheNamespaceLists() {
        behaviour(pod -> {
            pod.start();
            pod.log("training");
            pod.await("end-" + pod.namespace());
            pod.exit(0);
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("training"));
        cluster.muteWatches(ns, "jobs");
        cluster.muteWatches(ns, "pods");
        cluster.kubelet().signal("end-" + ns);

        JobResult result = result(job);
        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aJobDeletedWhileItsWatchesAreSilentIsSeenGone() {
        behaviour(pod -> {
            pod.start();
            pod.log("working");
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("working"));
        cluster.muteWatches(ns, "jobs");
        cluster.muteWatches(ns, "pods");
        cluster.apiClient().batch().v1().jobs().inNamespace(ns).withName(jobs().get(0).getMetadata().getName()).delete();

        JobResult result = result(job);
        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).contains("deleted outside");
    }

    private String jobList() {
        return "GET /apis/batch/v1/namespaces/" + ns + "/jobs?" + SELECTOR;
    }

    private static List<String> sent(int from) {
        List<String> all = cluster.requests();
        return all.subList(from, all.size());
    }

    private static long count(List<String> requests, String exactly) {
        return requests.stream().filter(exactly::equals).count();
    }
}

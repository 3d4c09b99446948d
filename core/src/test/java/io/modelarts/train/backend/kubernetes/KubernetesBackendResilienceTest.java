package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.testing.kube.RecordingSink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a long training run meets: expired and closed watches, dropped log streams, evictions, container
 * restarts, lost nodes, failed attempts, stops, and a watcher that goes away and comes back.
 */
class KubernetesBackendResilienceTest extends KubeBackendTestSupport {

    static final String TWO_NODES = KubeFixtures.MULTI.replace("nodes: 4", "nodes: 2");

    @Test
    void watchesThatCloseOrExpireWith410AreRelistedAndNothingIsLost() {
        behaviour(pod -> {
            pod.start();
            pod.logNumbered("a", 1, 5);
            pod.await("closed-" + pod.namespace());
            pod.logNumbered("a", 6, 5);
            pod.await("expired-" + pod.namespace());
            pod.logNumbered("a", 11, 5);
            pod.exit(0);
        });
        // no periodic GET during this test: the end of the job can only be seen through the re-listed watches
        try (KubernetesBackend watchOnly = new KubernetesBackend(client, catalog, FAST.withReconcileInterval(java.time.Duration.ofMinutes(10)))) {
            RunningJob job = watchOnly.submit(plan(KubeFixtures.SINGLE), sink);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("a5"));
            eventually().until(() -> cluster.openWatches(ns) >= 2);

            // the server ends the watches: the informers re-watch
            int watchesBefore = cluster.watchRequests();
            assertThat(cluster.closeWatches(ns)).isGreaterThanOrEqualTo(2);
            cluster.kubelet().signal("closed-" + ns);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("a10"));
            eventually().until(() -> cluster.watchRequests() >= watchesBefore + 2);
            eventually().until(() -> cluster.openWatches(ns) >= 2);

            // 410 Gone, and the pod ends while the informers are between watches: they list again and see it
            long listsBefore = informerLists(ns);
            assertThat(cluster.expireWatches(ns)).isGreaterThanOrEqualTo(2);
            cluster.kubelet().signal("expired-" + ns);

            JobResult result = result(job);
            assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
            assertThat(sink.lines("worker-0")).containsExactlyElementsOf(numbered("a", 1, 15));
            assertThat(informerLists(ns)).isGreaterThan(listsBefore);
        }
    }

    @Test
    void droppedLogStreamsReconnectFromTheCursorWithoutLossOrRepeat() {
        behaviour(pod -> {
            pod.start();
            pod.logNumbered("line ", 1, 12);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("line 12"));
            pod.cutLogStreams(false);                 // the server ends the response (a timeout, a proxy)
            pod.logNumbered("line ", 13, 12);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("line 24"));
            pod.cutLogStreams(true);                  // the connection breaks mid-stream
            pod.logNumbered("line ", 25, 12);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("line 36"));
            pod.cutLogStreams(true);
            pod.logNumbered("line ", 37, 4);          // printed while nobody listens, then the container ends
            pod.exit(0);
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).containsExactlyElementsOf(numbered("line ", 1, 40));
        String pod = cluster.kubelet().createdPods().stream().filter(p -> p.startsWith(jobs().get(0).getMetadata().getName()))
                .reduce((a, b) -> b).orElseThrow();
        List<String> follows = cluster.logServer().requests().stream()
                .filter(r -> r.contains("/" + ns + "/pods/" + pod + "/log?") && r.contains("container=train") && r.contains("follow=true"))
                .toList();
        // one follow per cut, each after the first from the cursor (the last cut may race with the exit: then a final read)
        assertThat(follows.size()).as("follow requests: " + follows).isGreaterThanOrEqualTo(3);
        assertThat(follows.subList(1, follows.size())).allSatisfy(r -> assertThat(r).contains("sinceTime="));
    }

    @Test
    void evictedPodIsReplacedAndBothLogsAreKept() {
        behaviour(pod -> {
            if (pod.incarnation() == 0) {
                pod.start();
                pod.log("first pod 1", "first pod 2");
                eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("first pod 2"));
                pod.evict("The node was low on resource: memory.");
            } else {
                pod.start();
                pod.log("replacement 1");
                pod.exit(0);
            }
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).containsExactly("first pod 1", "first pod 2", "replacement 1");
        assertThat(sink.infos()).anySatisfy(i -> assertThat(i).contains("worker-0", "evicted", "low on resource"));
    }

    @Test
    void anEvictionTheWatchesMissedIsStillToldAtTheEnd() {
        behaviour(pod -> {
            if (pod.incarnation() == 0) {
                pod.start();
                pod.log("first pod 1");
                pod.await("evict-" + pod.namespace());
                pod.evict("The node was low on resource: memory.");
            } else {
                pod.start();
                pod.log("replacement 1");
                pod.exit(0);
            }
        });
        // no sweep during this test: with the pod watch silent, only the list at the attempt's end sees the evicted pod
        try (KubernetesBackend watchOnly = new KubernetesBackend(client, catalog, FAST.withReconcileInterval(java.time.Duration.ofMinutes(10)))) {
            RunningJob job = watchOnly.submit(plan(KubeFixtures.SINGLE), sink);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("first pod 1"));
            cluster.muteWatches(ns, "pods");
            cluster.kubelet().signal("evict-" + ns);

            JobResult result = result(job);
            assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
            assertThat(sink.lines("worker-0")).containsExactly("first pod 1", "replacement 1");
            assertThat(sink.infos()).as(sink.dump()).anySatisfy(i -> assertThat(i).contains("worker-0", "evicted", "low on resource"));
        }
    }

    @Test
    void restartedContainerPreviousLinesComeFirst() {
        behaviour(pod -> {
            pod.start();
            pod.log("run 1 a", "run 1 b");
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("run 1 b"));
            pod.log("run 1 c", "run 1 d");      // the followed stream may or may not see these before the container dies
            pod.restartContainer(2);
            pod.log("run 2 a");
            pod.exit(0);
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).containsExactly("run 1 a", "run 1 b", "run 1 c", "run 1 d", "run 2 a");
    }

    @Test
    void lostNodeWithoutReplacementIsAbnormal() {
        behaviour(pod -> {
            pod.start();
            pod.log("on a node about to vanish");
            pod.lost();
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(result.reason()).contains("pod lost", "NodeLost");
        assertThat(sink.lines("worker-0")).containsExactly("on a node about to vanish");
    }

    @Test
    void aFailureSeenBeforeItsPodsStillNamesTheWorkerAndExitCode() {
        behaviour(pod -> {
            pod.start();
            pod.log("training");
            pod.await("fail-" + pod.namespace());
            pod.exit(3);
        });
        // no periodic GET: only the Job's watch tells that it failed, while the pods' watch has fallen silent
        try (KubernetesBackend watchOnly = new KubernetesBackend(client, catalog, FAST.withReconcileInterval(java.time.Duration.ofMinutes(10)))) {
            RunningJob job = watchOnly.submit(plan(KubeFixtures.SINGLE), sink);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("training"));
            cluster.muteWatches(ns, "pods");
            cluster.kubelet().signal("fail-" + ns);

            JobResult result = result(job);
            assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.FAILED);
            assertThat(result.worker()).isEqualTo("worker-0");
            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(sink.statuses()).last().satisfies(s -> assertThat(s.reason()).isEqualTo("worker-0 exited with code 3"));
        }
    }

    @Test
    void autoRestartRunsTheWholeJobAgain() {
        behaviour(pod -> {
            pod.runDownload();
            pod.start();
            pod.log("attempt " + pod.attempt() + " rank " + pod.index());
            if (pod.attempt() == 1 && pod.index() == 1) {
                pod.exit(1);
            } else if (pod.attempt() == 1) {
                pod.await("never-" + pod.namespace()); // deleted when the job fails
            } else {
                pod.exit(0);
            }
        });
        JobPlan plan = plan(TWO_NODES);
        assertThat(plan.attempts()).isEqualTo(3);
        JobResult result = result(backend.submit(plan, sink));

        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(sink.infos()).anySatisfy(i -> assertThat(i).contains("Attempt 1 of 3", "worker-1 exited with code 1", "Auto restart"));
        assertThat(sink.infos()).anySatisfy(i -> assertThat(i).startsWith("Attempt 2 of 3"));
        assertThat(sink.lines("worker-1")).containsExactly("[worker-1] attempt 1 rank 1", "[worker-1] attempt 2 rank 1");
        String base = KubernetesNames.jobName("resnet_dist");
        eventually().untilAsserted(() -> assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactly(base + "-r2"));
        Job second = jobs().get(0);
        assertThat(second.getMetadata().getLabels()).containsEntry(KubernetesNames.ATTEMPT_LABEL, "2");
    }

    @Test
    void anImageThatCannotBePulledIsNotRetriedByAutoRestart() {
        behaviour(pod -> {
            pod.imagePullError("ErrImagePull", "rpc error: pull access denied for registry.example.com/team/pytorch");
            pod.imagePullError("ImagePullBackOff", "Back-off pulling image \"registry.example.com/team/pytorch:2.3\"");
        });
        JobPlan plan = plan(TWO_NODES);
        assertThat(plan.attempts()).isEqualTo(3);
        JobResult result = result(backend.submit(plan, sink));

        // an attempt more would fail the same way: Abnormal at once, as ModelArts does for image errors
        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(sink.infos()).noneSatisfy(i -> assertThat(i).contains("Auto restart"));
    }

    @Test
    void autoStopCountsOverEveryAttempt() {
        behaviour(pod -> {
            pod.start();
            if (pod.attempt() == 1 && pod.index() == 1) {
                pod.exit(1);
            } else if (pod.attempt() == 1) {
                pod.await("never-" + pod.namespace());
            } else {
                pod.exit(0);
            }
        });
        JobPlan plan = plan(TWO_NODES + "autoStop: 2h\n");
        JobResult result = result(backend.submit(plan, sink));

        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(2);
        Job second = jobs().get(0);
        // attempt 2 gets what is left of the 2 hours, and remembers the whole for the auto-stop message
        assertThat(second.getSpec().getActiveDeadlineSeconds()).isBetween(7000L, 7199L);
        assertThat(second.getMetadata().getAnnotations()).containsEntry(KubernetesNames.AUTO_STOP_ANNOTATION, "7200");
        // the spec hash is still the job's: submitting it again attaches
        assertThat(second.getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION))
                .isEqualTo(backend.renderer().specHash(plan, backend.renderer().catalog().storage().credentialsSecret()));
    }

    @Test
    void noAttemptStartsOnceTheAutoStopIsUsedUp() {
        behaviour(pod -> {
            pod.start();
            pod.log("attempt " + pod.attempt());
            pod.await("fail-" + pod.namespace());
            pod.exit(pod.index() == 1 ? 1 : 0);
        });
        JobPlan plan = plan(TWO_NODES + "autoStop: 2h\n");
        RunningJob first = backend.submit(plan, sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-1")).contains("[worker-1] attempt 1"));
        first.detach();
        // a watcher that takes over a job submitted three hours ago (a Jenkins restart, say)
        KubernetesJobHandle h = (KubernetesJobHandle) first.handle();
        KubernetesJobHandle old = new KubernetesJobHandle(h.jobName(), h.namespace(), h.baseName(), h.kubernetesName(), h.uid(),
                h.attempt(), h.maxAttempts(), h.nodes(), System.currentTimeMillis() - 3 * 3_600_000L, h.logCursors());
        RecordingSink later = new RecordingSink();
        RunningJob again = backend.attach(old, plan, later);
        eventually().untilAsserted(() -> assertThat(later.statuses()).isNotEmpty());
        cluster.kubelet().signal("fail-" + ns);

        JobResult result = result(again, later);
        assertThat(result.status()).as(later.dump()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).isEqualTo("auto stop after 2h");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(later.infos()).anySatisfy(i -> assertThat(i).contains("No auto restart", "maximum running duration is used up"));
    }

    @Test
    void attemptsRunOutAndTheLastFailureIsReported() {
        behaviour(pod -> {
            pod.start();
            pod.log("attempt " + pod.attempt());
            pod.exit(pod.index() == 0 ? 3 : 0);
        });
        JobResult result = result(backend.submit(plan(TWO_NODES), sink));
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.worker()).isEqualTo("worker-0");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(sink.lines("worker-0")).containsExactly("[worker-0] attempt 1", "[worker-0] attempt 2", "[worker-0] attempt 3");
    }

    @Test
    void stopDeletesTheJobAndLeavesNoPod() {
        behaviour(pod -> {
            pod.start();
            pod.log("running " + pod.index());
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(TWO_NODES), sink);
        eventually().untilAsserted(() -> assertThat(sink.texts()).hasSize(2));
        assertThat(pods()).hasSize(2);

        job.stop("stopped from the build");
        JobResult result = result(job);
        assertThat(result.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).isEqualTo("stopped from the build");
        assertThat(pods()).isEmpty();
        assertThat(jobs()).isEmpty();
        // the garbage collector takes the Service with its owner
        eventually().untilAsserted(() -> assertThat(cluster.apiClient().services().inNamespace(ns).list().getItems()).isEmpty());
        assertThat(sink.statusSequence()).containsSubsequence(JobStatus.RUNNING, JobStatus.TERMINATING, JobStatus.TERMINATED);
        job.stop("again"); // harmless
    }

    @Test
    void stopByNameFromTheCommandLine() {
        behaviour(pod -> {
            pod.start();
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statusSequence()).contains(JobStatus.RUNNING));
        job.detach();

        try (KubernetesBackend other = new KubernetesBackend(client, catalog, FAST)) {
            assertThat(other.queries().stop(ns, "Mnist_Demo", "stopped by the CLI")).isEqualTo(KubernetesJobQueries.StopOutcome.STOPPED);
        }
        assertThat(pods()).isEmpty();
        assertThat(jobs()).isEmpty();
    }

    @Test
    void reattachFromASerializedHandleContinuesTheLogExactly() throws Exception {
        behaviour(pod -> {
            pod.runDownload("dl 1", "dl 2");
            pod.start();
            pod.logNumbered("l", 1, 7);
            pod.await("more-" + pod.namespace());
            pod.logNumbered("l", 8, 6);          // printed while no one watches
            pod.await("end-" + pod.namespace());
            pod.logNumbered("l", 14, 5);
            pod.exit(0);
        });
        JobPlan plan = plan(KubeFixtures.SINGLE);
        RunningJob first = backend.submit(plan, sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("l7"));
        first.detach();
        assertThatThrownBy(() -> first.completion().join()).isInstanceOf(CancellationException.class);
        KubernetesJobHandle handle = (KubernetesJobHandle) first.handle();
        List<String> before = sink.lines("worker-0");

        // what the Jenkins step persists, and reads back after a controller restart
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        assertThat(bytes.size()).as("a small handle").isLessThan(4096);
        KubernetesJobHandle restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (KubernetesJobHandle) in.readObject();
        }
        assertThat(restored).isEqualTo(handle);
        assertThat(restored.backend()).isEqualTo("kubernetes");
        assertThat(restored.jobName()).isEqualTo("Mnist_Demo");
        cluster.kubelet().signal("more-" + ns);
        eventually().until(() -> cluster.logs().texts(podUid(), "train", 0).contains("l13"));

        // a new process: new client, new backend
        KubernetesClient fresh = cluster.newClient();
        RecordingSink after = new RecordingSink();
        try (KubernetesBackend revived = new KubernetesBackend(fresh, catalog, FAST)) {
            RunningJob second = revived.attach(restored, plan, after);
            eventually().untilAsserted(() -> assertThat(after.lines("worker-0")).contains("l13"));
            cluster.kubelet().signal("end-" + ns);
            JobResult result = result(second, after);
            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        }
        List<String> all = new ArrayList<>(before);
        all.addAll(after.lines("worker-0"));
        List<String> expected = new ArrayList<>(List.of("dl 1", "dl 2"));
        expected.addAll(numbered("l", 1, 18));
        assertThat(all).containsExactlyElementsOf(expected);
    }

    @Test
    void attachingToAJobThatIsGoneSaysSo() {
        KubernetesJobHandle gone = new KubernetesJobHandle("vanished", ns, "vanished-abc123", "vanished-abc123", "uid-1", 1, 1, 1,
                System.currentTimeMillis(), java.util.Map.of());
        JobResult result = result(backend.attach(gone, null, sink));
        assertThat(result.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(result.reason()).contains("no longer exists");
    }

    @Test
    void aJobDeletedOutsideEndsTerminated() {
        behaviour(pod -> {
            pod.start();
            pod.log("working");
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("working"));
        cluster.apiClient().batch().v1().jobs().inNamespace(ns).withName(jobs().get(0).getMetadata().getName()).delete();

        JobResult result = result(job);
        assertThat(result.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).contains("deleted outside");
    }

    private String podUid() {
        return pods().get(0).getMetadata().getUid();
    }

    /** The lists our informers sent for {@code namespace} (a GET by our label selector that is not a watch). */
    private static long informerLists(String namespace) {
        return cluster.requests().stream()
                .filter(r -> r.startsWith("GET ") && r.contains("/namespaces/" + namespace + "/")
                        && r.contains("labelSelector=") && !r.contains("watch=true"))
                .count();
    }
}

package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.testing.kube.RecordingSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Jobs from submission to their end: success, failure, start errors, pending reasons, Kueue, auto stop, idempotency. */
class KubernetesBackendFlowTest extends KubeBackendTestSupport {

    @Test
    void singleNodeSuccess() {
        behaviour(pod -> {
            pod.runDownload("[ModelArts Service Log] code: downloading");
            pod.start();
            pod.log("epoch 1", "epoch 2", "done");
            pod.exit(0);
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        JobResult result = result(job);

        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).isEqualTo(1);
        // single node: no [worker-0] prefix, worker-0 in the sink's argument
        assertThat(sink.lines("worker-0")).containsExactly("[ModelArts Service Log] code: downloading", "epoch 1", "epoch 2", "done");
        assertThat(sink.statusSequence()).startsWith(JobStatus.CREATING).contains(JobStatus.RUNNING).endsWith(JobStatus.COMPLETED);
        Job created = jobs().get(0);
        assertThat(created.getMetadata().getName()).isEqualTo(KubernetesNames.jobName("Mnist_Demo"));
        assertThat(created.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "modelarts-train");
        assertThat(cluster.apiClient().services().inNamespace(ns).list().getItems()).as("no Service for one node").isEmpty();
        // the informers of the namespace go when its last job ends
        eventually().untilAsserted(() -> assertThat(backend.informerNamespaces()).doesNotContain(ns));
    }

    @Test
    void multiNodeSuccessPrefixesWorkersAndCreatesAnOwnedService() {
        behaviour(pod -> {
            pod.runDownload();
            pod.start();
            pod.log("rank " + pod.index() + " start", "rank " + pod.index() + " end");
            pod.exit(0);
        });
        RunningJob job = backend.submit(plan(KubeFixtures.MULTI), sink);
        JobResult result = result(job);

        assertThat(result.status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
        for (int i = 0; i < 4; i++) {
            assertThat(sink.lines("worker-" + i)).containsExactly("[worker-" + i + "] rank " + i + " start", "[worker-" + i + "] rank " + i + " end");
        }
        Job created = jobs().get(0);
        assertThat(created.getSpec().getCompletions()).isEqualTo(4);
        assertThat(created.getSpec().getParallelism()).isEqualTo(4);
        assertThat(created.getSpec().getCompletionMode()).isEqualTo("Indexed");
        List<Service> services = cluster.apiClient().services().inNamespace(ns).list().getItems();
        assertThat(services).hasSize(1);
        Service svc = services.get(0);
        assertThat(svc.getMetadata().getName()).isEqualTo(created.getMetadata().getName());
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(svc.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> {
                    assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
                    assertThat(o.getKind()).isEqualTo("Job");
                });
    }

    @Test
    void failureReportsWorkerExitCodeAndReason() {
        behaviour(pod -> {
            pod.runDownload();
            pod.start();
            pod.log("allocating 900 GiB");
            pod.exit(137, "OOMKilled");
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.worker()).isEqualTo("worker-0");
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.reason()).isEqualTo("OOMKilled");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(sink.lines("worker-0")).containsExactly("allocating 900 GiB");
        assertThat(sink.statuses().get(sink.statuses().size() - 1).reason()).contains("worker-0", "137", "OOMKilled");
    }

    @Test
    void aSegmentationFaultIsExplainedAsModelArtsDoes() {
        behaviour(pod -> {
            pod.start();
            pod.log("import torch");
            pod.exit(139);
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.exitCode()).isEqualTo(139);
        assertThat(result.reason()).isEqualTo("segmentation fault, often a package conflict");
    }

    @Test
    void failedDownloadFailsTheJob() {
        behaviour(pod -> pod.downloadFails(1, "[ModelArts Service Log] code: downloading", "ERROR : directory not found"));
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.reason()).contains("download");
        assertThat(sink.lines("worker-0")).containsExactly("[ModelArts Service Log] code: downloading", "ERROR : directory not found");
    }

    @Test
    void persistingImagePullErrorIsAbnormalAndDeletesTheJob() {
        behaviour(pod -> {
            pod.imagePullError("ErrImagePull", "rpc error: pull access denied for registry.example.com/team/pytorch");
            pod.imagePullError("ImagePullBackOff", "Back-off pulling image \"registry.example.com/team/pytorch:2.3\"");
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));

        assertThat(result.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(result.worker()).isEqualTo("worker-0");
        // which of the two pull errors the engine's patience ran out on depends on the machine's speed
        assertThat(result.reason()).containsAnyOf("ImagePullBackOff", "ErrImagePull");
        eventually().untilAsserted(() -> assertThat(jobs()).isEmpty());
    }

    @Test
    void unschedulablePodIsPendingWithTheSchedulersReason() {
        String why = "0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available.";
        behaviour(pod -> {
            pod.unschedulable(why);
            pod.await("capacity-" + pod.namespace());
            pod.schedule();
            pod.start();
            pod.log("finally");
            pod.exit(0);
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statuses()).contains(new RecordingSink.Status(JobStatus.PENDING, why)));
        assertThat(job.completion()).isNotDone();
        cluster.kubelet().signal("capacity-" + ns);

        assertThat(result(job).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).containsExactly("finally");
    }

    @Test
    void pendingReasonComesFromEventsWhileThePodWaits() {
        behaviour(pod -> {
            pod.pulling("registry.example.com/team/pytorch:2.3");
            pod.await("pulled-" + pod.namespace());
            pod.start();
            pod.exit(0);
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statuses()).anySatisfy(s -> {
            assertThat(s.status()).isEqualTo(JobStatus.PENDING);
            assertThat(s.reason()).isEqualTo("Pulling: Pulling image \"registry.example.com/team/pytorch:2.3\"");
        }));
        cluster.kubelet().signal("pulled-" + ns);
        assertThat(result(job).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void kueueJobWaitsSuspendedUntilAdmitted() {
        behaviour(pod -> {
            pod.start();
            pod.log("admitted and running");
            pod.exit(0);
        });
        RunningJob job = backend.submit(plan(KubeFixtures.KUEUE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statuses()).anySatisfy(s -> {
            assertThat(s.status()).isEqualTo(JobStatus.PENDING);
            assertThat(s.reason()).contains("Kueue", "team-a-queue");
        }));
        Job suspended = jobs().get(0);
        assertThat(suspended.getSpec().getSuspend()).isTrue();
        // Kueue's Workload says why it is not admitted: that reaches the reason too
        String why = "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor default, 8 more needed";
        cluster.apiClient().genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withPlural("workloads").withKind("Workload").withNamespaced(true).build())
                .inNamespace(ns).resource(
                new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("kueue.x-k8s.io/v1beta1").withKind("Workload")
                        .withNewMetadata().withName("job-" + suspended.getMetadata().getName()).withNamespace(ns)
                        .addToLabels("kueue.x-k8s.io/job-uid", suspended.getMetadata().getUid()).endMetadata()
                        .addToAdditionalProperties("status", java.util.Map.of("conditions", java.util.List.of(java.util.Map.of(
                                "type", "QuotaReserved", "status", "False", "reason", "Pending", "message", why))))
                        .build()).create();
        eventually().untilAsserted(() -> assertThat(sink.statuses()).anySatisfy(s -> assertThat(s.reason()).endsWith(why)));
        assertThat(suspended.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a-queue")
                .containsEntry("kueue.x-k8s.io/priority-class", "p3");
        cluster.kubelet().admit(ns, suspended.getMetadata().getName());

        assertThat(result(job).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).containsExactly("[worker-0] admitted and running");
    }

    @Test
    void deadlineExceededIsTerminatedByAutoStop() {
        behaviour(pod -> {
            pod.start();
            pod.log("training forever");
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("training forever"));
        cluster.kubelet().exceedDeadline(ns, jobs().get(0).getMetadata().getName());

        JobResult result = result(job);
        assertThat(result.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).isEqualTo("auto stop after 2h");
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void submittingTheSameJobTwiceAttachesInsteadOfCreatingASecond() {
        behaviour(pod -> {
            pod.start();
            pod.log("one", "two");
            pod.await("go-" + pod.namespace());
            pod.log("three");
            pod.exit(0);
        });
        RunningJob first = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("two"));
        RecordingSink second = new RecordingSink();
        RunningJob again = backend.submit(plan(KubeFixtures.SINGLE), second);
        eventually().untilAsserted(() -> assertThat(second.infos()).anySatisfy(i -> assertThat(i).contains("already submitted")));
        cluster.kubelet().signal("go-" + ns);

        assertThat(result(first).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result(again, second).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs()).hasSize(1);
        assertThat(pods()).hasSize(1);
        assertThat(second.lines("worker-0")).containsExactly("one", "two", "three");
    }

    @Test
    void aJobSubmittedByAnEarlierVersionIsStillAttachedTo() {
        behaviour(pod -> {
            pod.start();
            pod.log("one");
            pod.await("go-" + pod.namespace());
            pod.exit(0);
        });
        // the Job as an earlier version created it: the same objects, stamped with the digest of their YAML
        JobPlan plan = plan(KubeFixtures.SINGLE);
        String legacy = backend.renderer().legacySpecHash(plan, catalog.storage().credentialsSecret());
        Job old = (Job) backend.renderer().render(plan, 1, ns).get(0);
        assertThat(old.getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION)).isNotEqualTo(legacy);
        old.getMetadata().getAnnotations().put(KubernetesNames.SPEC_HASH_ANNOTATION, legacy);
        client.batch().v1().jobs().inNamespace(ns).resource(old).create();

        // a re-run of that submission follows it
        RunningJob again = backend.submit(plan, sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("one"));
        assertThat(sink.infos()).anySatisfy(i -> assertThat(i).contains("already submitted"));
        // another definition under that name is still refused while it runs
        RecordingSink other = new RecordingSink();
        JobResult refused = result(backend.submit(plan(KubeFixtures.SINGLE.replace("epochs: \"10\"", "epochs: \"20\"")), other), other);
        assertThat(refused.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(refused.reason()).contains("different job named Mnist_Demo");

        cluster.kubelet().signal("go-" + ns);
        assertThat(result(again).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs()).hasSize(1);
    }

    @Test
    void aSubmissionIntoAWatchedNamespaceSendsOnlyItsCreate() {
        behaviour(pod -> {
            pod.start();
            pod.log("working");
            pod.await("release-" + pod.namespace());
            pod.exit(0);
        });
        // no periodic GET/list safety net during the test: on a loaded machine its round could fall inside the window
        try (KubernetesBackend backend = new KubernetesBackend(client, catalog, FAST.withReconcileInterval(java.time.Duration.ofMinutes(10)))) {
            RunningJob first = backend.submit(plan(KubeFixtures.SINGLE), sink);
            eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("working")); // the namespace's caches are synced
            int before = cluster.requests().size();
            RecordingSink other = new RecordingSink();
            Map<String, String> threadOf = new ConcurrentHashMap<>();
            RunningJob second = backend.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: second-job")
                    .replace("obs://bucket/output/", "obs://bucket/second-output/")), threadRecording(other, threadOf));
            eventually().untilAsserted(() -> assertThat(other.infos()).anySatisfy(i -> assertThat(i).startsWith("Created Kubernetes Job")));
            // announced where the HTTP client read the response: no thread of the backend waited for the create
            assertThat(threadOf).hasEntrySatisfying("Created Kubernetes Job " + ns + "/" + KubernetesNames.jobName("second-job"),
                    thread -> assertThat(thread).doesNotStartWith(backend.threadPrefix));
            eventually().untilAsserted(() -> assertThat(other.lines("worker-0")).contains("working"));

            // no list of earlier attempts, no read-back of the Job or its pods: the informers' caches answered those
            List<String> sent = cluster.requests().subList(before, cluster.requests().size()).stream()
                    .filter(r -> !r.contains("/log?")).toList();
            assertThat(sent).containsExactly("POST /apis/batch/v1/namespaces/" + ns + "/jobs");

            cluster.kubelet().signal("release-" + ns);
            assertThat(result(first).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(result(second, other).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void aCreateUnderWayIsNeverAnnouncedAfterADetach() throws InterruptedException {
        behaviour(pod -> {
            pod.start();
            pod.exit(0);
        });
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean(true);
        // holds the first create on its way out, on the I/O thread that sends it
        Interceptor hold = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if ("POST".equals(request.method()) && request.uri().getPath().endsWith("/jobs") && holdNext.getAndSet(false)) {
                    posting.countDown();
                    try {
                        release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (KubernetesBackend backend = new KubernetesBackend(cluster.newClient(hold), catalog, FAST)) {
            RecordingSink detached = new RecordingSink();
            RunningJob first = backend.submit(plan(KubeFixtures.SINGLE), detached);
            assertThat(posting.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            first.detach();
            release.countDown();
            // the create went through and its I/O thread is done: it said nothing, as the job was detached before
            eventually().untilAsserted(() -> {
                assertThat(jobs()).hasSize(1);
                assertThat(backend.pool.getActiveCount()).isZero();
            });
            assertThat(detached.infos()).as(detached.dump()).noneSatisfy(i -> assertThat(i).startsWith("Created"));
            assertThat(first.completion()).isCompletedExceptionally();

            // the namespace's caches are gone with its last job: the next submission lists on an I/O thread, and hears of its
            // Job from that thread, without a hop to the control thread
            Map<String, String> threadOf = new ConcurrentHashMap<>();
            RunningJob second = backend.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: second-job")
                    .replace("obs://bucket/output/", "obs://bucket/second-output/")), threadRecording(sink, threadOf));
            assertThat(result(second).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(threadOf).hasEntrySatisfying("Created Kubernetes Job " + ns + "/" + KubernetesNames.jobName("second-job"),
                    thread -> assertThat(thread).startsWith(backend.threadPrefix + "io"));
        }
    }

    @Test
    void inAWatchedNamespaceTheCreateStillMakesTheServiceAndAdoptsAJobTheCacheHasNotSeen() {
        behaviour(pod -> {
            pod.start();
            pod.log("up");
            pod.await("go-" + pod.namespace());
            pod.exit(0);
        });
        RunningJob first = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("up")); // the namespace's caches are synced

        // a multi-node job: the create is sent without waiting, its Service follows on an I/O thread
        RecordingSink multi = new RecordingSink();
        RunningJob dist = backend.submit(plan(KubeFixtures.MULTI), multi);
        eventually().untilAsserted(() -> assertThat(multi.infos()).anySatisfy(i -> assertThat(i).startsWith("Created Kubernetes Job")));
        Job distJob = cluster.apiClient().batch().v1().jobs().inNamespace(ns).withName(KubernetesNames.jobName("resnet_dist")).get();
        assertThat(cluster.apiClient().services().inNamespace(ns).list().getItems()).singleElement()
                .satisfies(svc -> assertThat(svc.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.getUid()).isEqualTo(distJob.getMetadata().getUid())));

        // a Job of the same submission that the cache has not seen (its watch is stalled): the create meets it (409), and it
        // is followed
        cluster.muteWatches(ns, "jobs");
        JobPlan third = plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: third_job").replace("obs://bucket/output/", "obs://bucket/third/"));
        client.batch().v1().jobs().inNamespace(ns).resource((Job) backend.renderer().render(third, 1, ns).get(0)).create();
        RecordingSink again = new RecordingSink();
        RunningJob thirdJob = backend.submit(third, again);
        eventually().untilAsserted(() -> assertThat(again.infos()).anySatisfy(i -> assertThat(i).contains("already submitted")));

        cluster.kubelet().signal("go-" + ns);
        assertThat(result(first).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result(dist, multi).status()).as(multi.dump()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result(thirdJob, again).status()).as(again.dump()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs()).hasSize(3);
    }

    /** {@code sink}, noting the thread of each message in {@code threadOf}. */
    private static JobEventSink threadRecording(JobEventSink sink, Map<String, String> threadOf) {
        return new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                sink.status(status, reason);
            }

            @Override
            public void log(String worker, String line) {
                sink.log(worker, line);
            }

            @Override
            public void info(String message) {
                threadOf.put(message, Thread.currentThread().getName());
                sink.info(message);
            }
        };
    }

    @Test
    void twoActiveJobsMayNotShareAnOutputPath() {
        behaviour(pod -> {
            pod.start();
            pod.log("writing checkpoints");
            pod.await("done-" + pod.namespace());
            pod.exit(0);
        });
        RunningJob first = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).contains("writing checkpoints"));

        // a folder inside the first job's output is refused too; nothing is created for it
        RecordingSink refused = new RecordingSink();
        JobResult r = result(backend.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: other_job")
                .replace("obs://bucket/output/", "s3://bucket/output/run-2/")), refused), refused);
        assertThat(r.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(r.reason()).contains("output s3://bucket/output/run-2/ is written by the active job Mnist_Demo",
                "two running jobs may not share an output path");
        // and so is the folder around it (the informer cache is looked up both ways)
        RecordingSink around = new RecordingSink();
        JobResult r2 = result(backend.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: around_job")
                .replace("obs://bucket/output/", "obs://bucket/")), around), around);
        assertThat(r2.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(r2.reason()).contains("output obs://bucket/ is written by the active job Mnist_Demo");
        assertThat(jobs()).hasSize(1);

        // once the first job has ended, its path is free again
        cluster.kubelet().signal("done-" + ns);
        assertThat(result(first).status()).isEqualTo(JobStatus.COMPLETED);
        RecordingSink later = new RecordingSink();
        JobResult after = result(backend.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: other_job")
                .replace("obs://bucket/output/", "s3://bucket/output/run-2/")), later), later);
        assertThat(after.status()).as(later.dump()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aDifferentJobUnderTheSameNameIsRefusedWhileActive() {
        behaviour(pod -> {
            pod.start();
            pod.await("end-" + pod.namespace());
            pod.exit(0);
        });
        RunningJob first = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statusSequence()).contains(JobStatus.RUNNING));
        RecordingSink other = new RecordingSink();
        JobResult refused = result(backend.submit(plan(KubeFixtures.SINGLE.replace("epochs: \"10\"", "epochs: \"20\"")), other), other);
        assertThat(refused.status()).isEqualTo(JobStatus.ABNORMAL);
        assertThat(refused.reason()).contains("different job named Mnist_Demo");
        cluster.kubelet().signal("end-" + ns);
        assertThat(result(first).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs()).hasSize(1);
    }

    @Test
    void queriesForTheCommandLine() {
        behaviour(pod -> {
            pod.runDownload("dl");
            pod.start();
            pod.log("hello", "world");
            pod.exit(0);
        });
        JobResult result = result(backend.submit(plan(KubeFixtures.SINGLE), sink));
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);

        KubernetesJobInfo byModelartsName = backend.queries().status(ns, "Mnist_Demo");
        assertThat(byModelartsName.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(byModelartsName.kubernetesName()).isEqualTo(KubernetesNames.jobName("Mnist_Demo"));
        assertThat(byModelartsName.workers()).singleElement().satisfies(w -> assertThat(w.worker()).isEqualTo("worker-0"));
        assertThat(backend.queries().status(ns, byModelartsName.kubernetesName()).jobName()).isEqualTo("Mnist_Demo");
        assertThat(byModelartsName.describe()).contains("Completed");

        RecordingSink printed = new RecordingSink();
        JobResult snapshot = backend.queries().logs(ns, "Mnist_Demo", false, printed).join();
        assertThat(snapshot.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(printed.lines("worker-0")).containsExactly("dl", "hello", "world");

        RecordingSink followed = new RecordingSink();
        JobResult end = backend.queries().logs(ns, byModelartsName.kubernetesName(), true, followed).join();
        assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(followed.lines("worker-0")).containsExactly("dl", "hello", "world");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.queries().status(ns, "no-such-job"))
                .isInstanceOf(JobNotFoundException.class);
        assertThat(backend.queries().stop(ns, "no-such-job", "test")).isEqualTo(KubernetesJobQueries.StopOutcome.NOT_FOUND);
        // an ended job cannot be stopped (ModelArts #37): refused, and kept with its logs
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.queries().stop(ns, "Mnist_Demo", "test"))
                .isInstanceOf(JobAlreadyEndedException.class).hasMessage("job Mnist_Demo has already ended (Completed); there is nothing to stop");
        assertThat(backend.queries().status(ns, "Mnist_Demo").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void manyJobsShareTwoInformersAndABoundedNumberOfThreads() throws InterruptedException {
        behaviour(pod -> {
            pod.start();
            pod.log("job " + pod.jobName());
            pod.await("many-" + pod.namespace());
            pod.exit(0);
        });
        List<RunningJob> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            running.add(backend.submit(plan(KubeFixtures.SINGLE.replace("name: Mnist_Demo", "name: many-" + i)
                    .replace("obs://bucket/output/", "obs://bucket/output-" + i + "/")), sink));
        }
        eventually().untilAsserted(() -> assertThat(sink.texts()).hasSize(6));
        long ours = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(backend.threadPrefix)).count();
        assertThat(ours).as("control thread + log/io pool").isLessThanOrEqualTo(1 + FAST.logThreads());
        assertThat(backend.informerNamespaces()).containsExactly(ns);
        cluster.kubelet().signal("many-" + ns);
        for (RunningJob j : running) {
            assertThat(result(j).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }
}

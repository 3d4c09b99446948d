package io.modelarts.train.backend.kubernetes;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelarts.train.backend.RunningJob;
import io.modelarts.train.backend.kubernetes.KubernetesJobQueries.StopOutcome;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.testing.LogCapture;
import io.modelarts.train.testing.kube.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures around a job are reported, never dropped: a throwing sink, a stop that outlasts its timeout, an interrupt. */
class KubernetesBackendErrorsTest extends KubeBackendTestSupport {

    /** A finalizer that nobody removes until the test does: the pod stays Terminating, as one on a lost node does. */
    private static final String HOLD = "test.modelarts.io/hold";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    @Override
    KubernetesBackendOptions options() {
        return FAST.withStopTimeout(STOP_TIMEOUT);
    }

    @AfterEach
    void releaseHeldPods() {
        for (Pod p : pods()) {
            if (p.getMetadata().getFinalizers() != null && p.getMetadata().getFinalizers().contains(HOLD)) {
                cluster.apiClient().pods().inNamespace(ns).withName(p.getMetadata().getName()).edit(q -> {
                    q.getMetadata().setFinalizers(new ArrayList<>());
                    return q;
                });
            }
        }
    }

    @Test
    void aCreateAnsweredTooLateIsSentAgainAndItsJobFollowedOnce() throws Exception {
        keeperAndQuickJobs();
        // the API server applies the create but answers after the client gave up (1 s, and the client does not resend it
        // itself): the engine sends it again, and the Job the late create made (409, or made by the second) is followed as created
        try (KubernetesBackend impatient = new KubernetesBackend(cluster.newImpatientClient(1000), catalog, FAST);
             LogCapture log = LogCapture.of(AttemptCreator.class)) {
            // the namespace's first job: created before its caches are synced (blocking, on an I/O thread)
            cluster.delayCreates(ns, "jobs", 1, 1800);
            RecordingSink first = new RecordingSink();
            RunningJob keeper = submitKeeper(impatient, first);
            assertThat(first.infos()).anySatisfy(i -> assertThat(i).startsWith("Created Kubernetes Job " + ns + "/keeper"));

            // the next, while the first keeps the namespace's caches: sent from the caller's thread, then from an I/O thread
            cluster.delayCreates(ns, "jobs", 1, 1800);
            RecordingSink second = new RecordingSink();
            JobResult b = result(impatient.submit(plan(KubeFixtures.SINGLE), second), second);
            assertThat(b.status()).as(second.dump()).isEqualTo(JobStatus.COMPLETED);
            assertThat(second.lines("worker-0")).containsExactly("trained");
            assertThat(second.infos()).anySatisfy(i -> assertThat(i).startsWith("Created Kubernetes Job " + ns + "/mnist-demo"));

            cluster.kubelet().signal("end-" + ns);
            assertThat(result(keeper, first).status()).as(first.dump()).isEqualTo(JobStatus.COMPLETED);
            assertThat(jobs()).hasSize(2);
            assertThat(log.at(Level.WARN)).hasSize(2).allSatisfy(w -> assertThat(w.getFormattedMessage())
                    .contains("failed (", "sending it again in 500 ms (2 of 5)"));
        }
    }

    @Test
    void aCreateDecidedOnTheCachesIsSentAgainAfterPausesThatHoldNoThread() throws Exception {
        keeperAndQuickJobs();
        try (KubernetesBackend impatient = new KubernetesBackend(cluster.newImpatientClient(1000), catalog, FAST);
             LogCapture log = LogCapture.of(AttemptCreator.class)) {
            // a first job keeps the namespace's caches synced, so that the next submission is decided on them
            RecordingSink first = new RecordingSink();
            RunningJob keeper = submitKeeper(impatient, first);

            // its first two creates are answered after the client gave up: two pauses before the third is sent
            cluster.delayCreates(ns, "jobs", 2, 1800);
            RecordingSink second = new RecordingSink();
            RunningJob job = impatient.submit(plan(KubeFixtures.SINGLE), second);
            for (String pause : List.of("sending it again in 500 ms (2 of 5)", "sending it again in 1000 ms (3 of 5)")) {
                eventually().pollInterval(Duration.ofMillis(5)).until(() -> log.at(Level.WARN).stream()
                        .anyMatch(w -> w.getFormattedMessage().contains(pause)));
                // during the pause no thread sleeps in the creator (before, one of the backend's I/O threads did)
                for (int look = 0; look < 20; look++) {
                    assertThat(sleepingInTheCreator()).as("threads asleep in AttemptCreator after '" + pause + "'").isEmpty();
                    Thread.sleep(10);
                }
            }
            JobResult b = result(job, second);
            assertThat(b.status()).as(second.dump()).isEqualTo(JobStatus.COMPLETED);
            assertThat(second.lines("worker-0")).containsExactly("trained");
            assertThat(second.infos()).anySatisfy(i -> assertThat(i).startsWith("Created Kubernetes Job " + ns + "/mnist-demo"));
            cluster.kubelet().signal("end-" + ns);
            assertThat(result(keeper, first).status()).as(first.dump()).isEqualTo(JobStatus.COMPLETED);
            assertThat(jobs()).hasSize(2);
        }
    }

    /** Every pod logs "trained" and ends, except the keeper's, which waits for {@code end-<namespace>}. */
    private void keeperAndQuickJobs() {
        behaviour(pod -> {
            pod.start();
            pod.log("trained");
            if (pod.jobName().startsWith("keeper")) {
                pod.await("end-" + pod.namespace());
            }
            pod.exit(0);
        });
    }

    /** Submits the keeper, a job that runs until signalled and so keeps the namespace's caches, once its log has begun. */
    private RunningJob submitKeeper(KubernetesBackend backend, RecordingSink sink) {
        RunningJob keeper = backend.submit(plan(KubeFixtures.SINGLE.replace("Mnist_Demo", "Keeper").replace("obs://bucket/output/", "obs://bucket/keeper/")), sink);
        eventually().untilAsserted(() -> assertThat(sink.lines("worker-0")).as(sink.dump()).containsExactly("trained"));
        return keeper;
    }

    /** The names of the threads in {@code Thread.sleep} called from {@link AttemptCreator}. */
    private static List<String> sleepingInTheCreator() {
        List<String> names = new ArrayList<>();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            boolean sleeping = false;
            boolean creator = false;
            for (StackTraceElement e : stack) {
                sleeping |= e.getClassName().equals(Thread.class.getName()) && e.getMethodName().equals("sleep");
                creator |= e.getClassName().startsWith(AttemptCreator.class.getName());
            }
            if (sleeping && creator) {
                names.add(t.getName());
            }
        });
        return names;
    }

    @Test
    void aSinkThatThrowsIsLoggedOnceAndDoesNotStopTheJob() throws Exception {
        behaviour(pod -> {
            pod.start();
            pod.log("one", "two", "three");
            pod.exit(0);
        });
        AtomicInteger calls = new AtomicInteger();
        JobEventSink broken = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                fail();
            }

            @Override
            public void log(String worker, String line) {
                fail();
            }

            @Override
            public void info(String message) {
                fail();
            }

            private void fail() {
                calls.incrementAndGet();
                throw new IllegalStateException("the console is gone");
            }
        };
        try (LogCapture log = LogCapture.of(GuardedSink.class)) {
            RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), broken);
            JobResult result = job.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(calls.get()).as("every event still went to the sink").isGreaterThanOrEqualTo(5);
            List<ILoggingEvent> warnings = log.at(Level.WARN);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("Mnist_Demo", "the job goes on");
            assertThat(warnings.get(0).getThrowableProxy().getMessage()).isEqualTo("the console is gone");
            assertThat(log.at(Level.DEBUG)).hasSize(calls.get() - 1);
        }
    }

    @Test
    void aStopByNameWhosePodsOutlastTheStopTimeoutSaysSo() {
        Pod held = runningJobWithAHeldPod();
        try (KubernetesBackend other = new KubernetesBackend(client, catalog, options())) {
            long start = System.nanoTime();
            assertThat(other.queries().stop(ns, "Mnist_Demo", "stopped by the CLI")).isEqualTo(StopOutcome.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(STOP_TIMEOUT);
        }
        assertThat(jobs()).isEmpty();
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly(held.getMetadata().getName());
    }

    @Test
    void aWatchedJobsStopThatOutlastsTheStopTimeoutSaysSo() throws Exception {
        runningJobWithAHeldPod();
        RecordingSink watching = new RecordingSink();
        RunningJob job = backend.attach(ClusterJobs.handleOf(backend.jobs.findLatest(ns, "Mnist_Demo").orElseThrow()), null, watching);
        eventually().untilAsserted(() -> assertThat(watching.statusSequence()).contains(JobStatus.RUNNING));

        assertThat(backend.queries().stop(ns, "Mnist_Demo", "stopped by the CLI")).isEqualTo(StopOutcome.TIMED_OUT);
        JobResult result = job.completion().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(result.reason()).isEqualTo("stopped by the CLI (pods may still be terminating)");
    }

    @Test
    void anInterruptedStopReturnsAndKeepsTheInterruptFlag() throws Exception {
        runningJobWithAHeldPod();
        AtomicReference<StopOutcome> outcome = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        try (KubernetesBackend other = new KubernetesBackend(client, catalog, FAST.withStopTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)))) {
            Thread caller = new Thread(() -> {
                try {
                    outcome.set(other.queries().stop(ns, "Mnist_Demo", "stopped by the CLI"));
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                flagKept.set(Thread.currentThread().isInterrupted());
            }, "test-stop-caller");
            caller.start();
            // the Job and the pod are deleted: the caller now waits for the held pod to go
            eventually().untilAsserted(() -> assertThat(jobs()).isEmpty());
            eventually().untilAsserted(() -> assertThat(pods()).allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull()));
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(caller.isAlive()).isFalse();
        }
        assertThat(thrown.get()).isNull();
        assertThat(outcome.get()).isEqualTo(StopOutcome.INTERRUPTED);
        assertThat(flagKept).isTrue();
    }

    @Test
    void anInterruptedDetachKeepsTheInterruptFlag() throws Exception {
        behaviour(pod -> {
            pod.start();
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statusSequence()).contains(JobStatus.RUNNING));

        Thread.currentThread().interrupt();
        job.detach();
        assertThat(Thread.interrupted()).as("the interrupt flag after detach()").isTrue();
        // the detach still happens, on the backend's thread
        eventually().untilAsserted(() -> assertThat(job.completion()).isCompletedExceptionally());
        cluster.kubelet().signal("never-" + ns);
    }

    /** Submits the single-node job, lets it run, then holds its pod with a finalizer and detaches from it. */
    private Pod runningJobWithAHeldPod() {
        behaviour(pod -> {
            pod.start();
            pod.log("running");
            pod.await("never-" + pod.namespace());
        });
        RunningJob job = backend.submit(plan(KubeFixtures.SINGLE), sink);
        eventually().untilAsserted(() -> assertThat(sink.statusSequence()).contains(JobStatus.RUNNING));
        job.detach();
        Pod pod = pods().get(0);
        return cluster.apiClient().pods().inNamespace(ns).withName(pod.getMetadata().getName()).edit(p -> {
            List<String> finalizers = p.getMetadata().getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(p.getMetadata().getFinalizers());
            finalizers.add(HOLD);
            p.getMetadata().setFinalizers(finalizers);
            return p;
        });
    }
}

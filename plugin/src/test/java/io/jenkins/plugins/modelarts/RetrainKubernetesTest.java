package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.jenkins.plugins.testsupport.StepRun;
import io.jenkins.plugins.testsupport.TestBuild;
import io.jenkins.plugins.testsupport.TestJob;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retraining with the Kubernetes backend (the fabric8 mock API server): an unchanged job submits no Kubernetes Job,
 * and a step resumed after a restart gates against the baseline it started with.
 */
class RetrainKubernetesTest {

    static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();
    String ns;
    final AtomicReference<String> accuracy = new AtomicReference<>("0.9");

    @BeforeEach
    void setUp() throws Exception {
        MockCluster.get();
        ns = MockCluster.namespace("retrain");
        sessions.onBoot(j -> {
            TestJenkins.configure(ns);
            TestJenkins.addToken("k8s-token", "k8s-token-value-for-retraining-789");
        });
    }

    static Map<String, Object> job(boolean skip) {
        Map<String, Object> args = StepLifecycleTest.job("nightly-k8s");
        args.put("metrics", List.of(Map.of("name", "accuracy", "regex", "accuracy ([0-9.]+)")));
        args.put("gate", List.of("accuracy >= baseline.accuracy"));
        args.put("skipIfUnchanged", skip);
        return args;
    }

    StepRun run(TestBuild b, Map<String, Object> args) throws Exception {
        return sessions.start(b, StepLifecycleTest.step(args));
    }

    @Test
    void anUnchangedJobSubmitsNoKubernetesJob() throws Exception {
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("accuracy " + accuracy.get());
            pod.exit(0);
        });
        TestJob job = sessions.createJob("train");
        TestBuild first = job.newBuild();
        StepRun s1 = run(first, job(true));
        assertThat(s1.await(WAIT.toSeconds())).as(first.log()).isTrue();
        assertThat(s1.failures()).as(first.log()).isEmpty();
        assertThat(MockCluster.jobs(ns)).hasSize(1);

        TestBuild second = job.newBuild();
        StepRun s2 = run(second, job(true));
        assertThat(s2.await(WAIT.toSeconds())).as(second.log()).isTrue();
        assertThat(second.log()).contains("skipped: job, code and inputs unchanged since build #1");
        assertThat(s2.successes()).singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("skipped", "skipped: job, code and inputs unchanged since build #1")
                .containsEntry("kubernetesName", null).containsEntry("metrics", Map.of("accuracy", 0.9));
        assertThat(MockCluster.jobs(ns)).as("no second Kubernetes Job").hasSize(1);
        File dir = new File(second.getArtifactsDir(), "modelarts/nightly-k8s");
        assertThat(dir.list()).containsExactlyInAnyOrder("job-spec.effective.yaml", "fingerprint.json", "metrics.json", "report.html");
        assertThat(second.getResult()).isEqualTo(Result.SUCCESS);
    }

    @Test
    void aStepResumedAfterARestartGatesAgainstTheBaselineItStartedWith() throws Exception {
        String signal = ns + "-go";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("accuracy " + accuracy.get());
            if (!accuracy.get().equals("0.9")) {
                pod.await(signal);
            }
            pod.exit(0);
        });
        TestJob job = sessions.createJob("train");
        TestBuild first = job.newBuild();
        StepRun s1 = run(first, job(false));
        assertThat(s1.await(WAIT.toSeconds())).as(first.log()).isTrue();
        assertThat(first.getResult()).as(first.log()).isEqualTo(Result.SUCCESS);

        accuracy.set("0.8");
        TestBuild second = job.newBuild();
        StepRun s2 = run(second, job(false));
        await().atMost(WAIT).until(() -> second.log().contains("accuracy 0.8"));
        assertThat(second.log()).contains("Baseline: build #1");

        sessions.restart();

        TestBuild resumed = sessions.build("train", 2);
        await().atMost(WAIT).until(() -> resumed.log().contains("Resuming after a Jenkins restart"));
        MockCluster.get().kubelet().signal(signal);
        assertThat(s2.await(WAIT.toSeconds())).as(resumed.log()).isTrue();
        assertThat(resumed.log()).contains(
                "FAILED accuracy >= baseline.accuracy: accuracy = 0.8, needed >= 0.9 (baseline.accuracy with baseline.accuracy = 0.9)");
        assertThat(resumed.getResult()).isEqualTo(Result.UNSTABLE);
        assertThat(MockCluster.jobs(ns)).hasSize(2);
    }
}

package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.FilePath;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This controller's Jobs whose build is over or gone are deleted; everything else is left alone. */
class OrphanedJobCleanupTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    @TempDir
    Path tmp;
    String ns;

    @BeforeEach
    void setUp() {
        MockCluster.get();
        ns = MockCluster.namespace("orphans");
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
        OrphanedJobCleanup.minAge = Duration.ZERO;
    }

    @AfterEach
    void tearDown() {
        OrphanedJobCleanup.minAge = Duration.ofMinutes(10);
        ClientCache.get().closeAll();
    }

    private FakeStepContext.Env startStep(TestJenkins.FakeRun run, String jobName) throws Exception {
        FakeStepContext.Env env = new FakeStepContext.Env(run, new FilePath(Files.createDirectories(tmp.resolve(jobName)).toFile()), "3");
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, StepExecutionTest.job(jobName));
        step.start(new FakeStepContext(env)).start();
        return env;
    }

    private WorkerBehaviour working() {
        return pod -> {
            pod.start();
            pod.log("working");
            pod.await("release-" + ns);
            pod.exit(0);
        };
    }

    private void createJob(String kubernetesName, String jobName, String submissionKey) {
        MockCluster.get().apiClient().batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata()
                .withName(kubernetesName).addToLabels("app.kubernetes.io/managed-by", "modelarts-train").addToLabels("modelarts-train/job", kubernetesName)
                .addToAnnotations("modelarts-train/name", jobName).addToAnnotations("modelarts-train/submission", submissionKey)
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().endSpec().endTemplate().endSpec().build()).create();
    }

    /** The ModelArts names of the Jobs not being deleted (with foreground propagation a Job waits for its pods). */
    private List<String> jobNames() {
        return MockCluster.jobs(ns).stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null).map(j -> j.getMetadata().getAnnotations().get("modelarts-train/name")).sorted().toList();
    }

    @Test
    void aRunningJobWhoseBuildIsOverIsDeletedAndTheOthersAreKept() throws Exception {
        MockCluster.behaviour(ns, working());
        TestJenkins.FakeRun live = TestJenkins.run("live-" + ns);
        TestJenkins.FakeRun over = TestJenkins.run("over-" + ns);
        FakeStepContext.Env a = startStep(live, "live-job");
        FakeStepContext.Env b = startStep(over, "over-job");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(a.console()).contains("working");
            assertThat(b.console()).contains("working");
        });
        // a Job of the command line, one of another controller, and one of a build of this controller that is gone
        createJob("from-the-cli", "cli-job", "cli-3f2a9c");
        createJob("from-elsewhere", "other-controller-job", "jenkins/0123456789abcdef/" + live.getExternalizableId() + "#3");
        createJob("from-a-deleted-build", "gone-job",
                "jenkins/" + ModelArtsGlobalConfiguration.get().controllerId() + "/deleted-" + ns + "#7#3");
        assertThat(jobNames()).containsExactly("cli-job", "gone-job", "live-job", "other-controller-job", "over-job");

        over.finish(); // the build ended without its step (as after a crash), its Job still runs
        KubernetesCluster cluster = ModelArtsGlobalConfiguration.get().getClusters().get(0);
        int deleted = new OrphanedJobCleanup().sweep(cluster, ModelArtsGlobalConfiguration.get().toCatalog(), TaskListener.NULL);

        assertThat(deleted).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobNames())
                .containsExactly("cli-job", "live-job", "other-controller-job"));
        MockCluster.get().kubelet().signal("release-" + ns);
        // both steps end (the orphan's because its Job is gone) before the workspaces are removed
        assertThat(a.awaitDone(60)).isTrue();
        assertThat(b.awaitDone(60)).isTrue();
    }

    @Test
    void youngJobsAreLeftToTheirStep() throws Exception {
        MockCluster.behaviour(ns, working());
        TestJenkins.FakeRun over = TestJenkins.run("young-" + ns);
        FakeStepContext.Env b = startStep(over, "young-job");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(b.console()).contains("working"));
        over.finish();
        OrphanedJobCleanup.minAge = Duration.ofMinutes(10);

        KubernetesCluster cluster = ModelArtsGlobalConfiguration.get().getClusters().get(0);
        assertThat(new OrphanedJobCleanup().sweep(cluster, ModelArtsGlobalConfiguration.get().toCatalog(), TaskListener.NULL)).isZero();
        assertThat(jobNames()).containsExactly("young-job");
        MockCluster.get().kubelet().signal("release-" + ns);
        assertThat(b.awaitDone(60)).isTrue(); // the step ends before its workspace is removed
    }
}

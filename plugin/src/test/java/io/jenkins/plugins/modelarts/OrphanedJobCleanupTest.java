package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.util.StreamTaskListener;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orphaned Job cleanup deletes only this controller's Jobs (its id and its URL's label) whose build is over or gone
 * and whose heartbeat is stale; a Job of another controller, one with a fresh heartbeat, a finished one and the
 * command line's are kept; a dry run deletes nothing; it is off by default.
 */
class OrphanedJobCleanupTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    static final String URL = "https://ci.example.com/";

    @TempDir
    Path tmp;
    String ns;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        MockCluster.get();
        ns = MockCluster.namespace("orphans");
        jenkins.model.JenkinsLocationConfiguration.get().setUrl(URL);
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
        OrphanedJobCleanup.staleAfter = Duration.ZERO;
    }

    @AfterEach
    void tearDown() {
        OrphanedJobCleanup.staleAfter = Duration.ofMinutes(10);
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

    /** The labels of this controller's Jobs, or those of a controller at {@code url} with the same id. */
    private static Map<String, String> labels(String url) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(ControllerIdentity.CONTROLLER_LABEL, ModelArtsGlobalConfiguration.get().controllerId());
        l.put(ControllerIdentity.URL_LABEL, ControllerIdentity.urlDigest(url));
        return l;
    }

    /** The submission key of step {@code step} of a build of this controller that no longer exists. */
    private String goneBuildKey(String step) {
        return "jenkins/" + ModelArtsGlobalConfiguration.get().controllerId() + "/deleted-" + ns + "#7#" + step;
    }

    private void createJob(String kubernetesName, String jobName, String submissionKey, Map<String, String> labels) {
        MockCluster.get().apiClient().batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata()
                .withName(kubernetesName).addToLabels("app.kubernetes.io/managed-by", "modelarts-train").addToLabels("modelarts-train/job", kubernetesName)
                .addToLabels(labels)
                .addToAnnotations("modelarts-train/name", jobName).addToAnnotations("modelarts-train/submission", submissionKey)
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().endSpec().endTemplate().endSpec().build()).create();
    }

    /** Another live owner (a copy of this controller with the same id and URL) says it still owns the Job. */
    private void heartbeatFromElsewhere(String kubernetesName) {
        MockCluster.get().apiClient().batch().v1().jobs().inNamespace(ns).withName(kubernetesName)
                .edit(j -> new JobBuilder(j).editMetadata().addToAnnotations("modelarts-train/heartbeat", Instant.now().toString()).endMetadata().build());
    }

    /** Sets a Complete condition, again until the test kubelet (which syncs new Jobs) no longer overwrites it. */
    private void markComplete(String kubernetesName) {
        var jobs = MockCluster.get().apiClient().batch().v1().jobs().inNamespace(ns);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Job done = jobs.withName(kubernetesName).get();
            if (done.getStatus() == null || done.getStatus().getConditions() == null || done.getStatus().getConditions().isEmpty()) {
                done.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().addNewCondition().withType("Complete")
                        .withStatus("True").endCondition().withSucceeded(1).build());
                done.getMetadata().setResourceVersion(null);
                jobs.resource(done).updateStatus();
                Thread.sleep(200);
            }
            assertThat(jobs.withName(kubernetesName).get().getStatus().getConditions()).extracting(c -> c.getType()).containsExactly("Complete");
        });
    }

    /** Waits until every Job of the namespace was last seen (created, or its latest heartbeat) more than staleAfter ago. */
    private void awaitAllStale() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Instant stale = Instant.now().minus(OrphanedJobCleanup.staleAfter);
            return MockCluster.jobs(ns).stream().allMatch(j -> {
                Instant seen = Instant.parse(j.getMetadata().getCreationTimestamp());
                String beat = j.getMetadata().getAnnotations() == null ? null : j.getMetadata().getAnnotations().get("modelarts-train/heartbeat");
                if (beat != null && Instant.parse(beat).isAfter(seen)) {
                    seen = Instant.parse(beat);
                }
                return seen.isBefore(stale);
            });
        });
    }

    private Job jobNamed(String modelartsName) {
        return MockCluster.jobs(ns).stream().filter(j -> modelartsName.equals(j.getMetadata().getAnnotations().get("modelarts-train/name")))
                .findFirst().orElseThrow();
    }

    /** The ModelArts names of the Jobs not being deleted (with foreground propagation a Job waits for its pods). */
    private List<String> jobNames() {
        return MockCluster.jobs(ns).stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null).map(j -> j.getMetadata().getAnnotations().get("modelarts-train/name")).sorted().toList();
    }

    private int sweep(boolean dryRun) throws Exception {
        KubernetesCluster cluster = ModelArtsGlobalConfiguration.get().getClusters().get(0);
        return new OrphanedJobCleanup().sweep(cluster, ModelArtsGlobalConfiguration.get().toCatalog(), dryRun,
                new StreamTaskListener(log, StandardCharsets.UTF_8));
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onlyThisControllersStaleJobsOfBuildsThatAreOverOrGoneAreDeleted() throws Exception {
        MockCluster.behaviour(ns, working());
        TestJenkins.FakeRun live = TestJenkins.run("live-" + ns);
        TestJenkins.FakeRun over = TestJenkins.run("over-" + ns);
        FakeStepContext.Env a = startStep(live, "live-job");
        FakeStepContext.Env b = startStep(over, "over-job");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(a.console()).contains("working");
            assertThat(b.console()).contains("working");
        });
        // the step's Jobs carry this controller's id and URL labels
        assertThat(jobNamed("live-job").getMetadata().getLabels()).containsAllEntriesOf(labels(URL));
        // a Job of the command line; one of a copy of this controller (same id) under another URL; one of a gone
        // build of this controller; and one of the same gone build that finished
        createJob("from-the-cli", "cli-job", "cli-3f2a9c", Map.of());
        createJob("from-a-copy", "copy-job", goneBuildKey("3"), labels("https://staging.example.com/"));
        createJob("from-a-deleted-build", "gone-job", goneBuildKey("4"), labels(URL));
        createJob("finished", "finished-job", goneBuildKey("5"), labels(URL));
        markComplete("finished");
        assertThat(jobNames()).containsExactly("cli-job", "copy-job", "finished-job", "gone-job", "live-job", "over-job");

        over.finish(); // the build ended without its step (as after a crash), its Job still runs
        int deleted = sweep(false);

        assertThat(deleted).as(log()).isEqualTo(2);
        assertThat(log()).contains("Deleting the orphaned Kubernetes Job " + ns + "/from-a-deleted-build", "no longer exists")
                .contains("is over").doesNotContain("from-a-copy");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobNames())
                .containsExactly("cli-job", "copy-job", "finished-job", "live-job"));
        MockCluster.get().kubelet().signal("release-" + ns);
        // both steps end (the orphan's because its Job is gone) before the workspaces are removed
        assertThat(a.awaitDone(60)).isTrue();
        assertThat(b.awaitDone(60)).isTrue();
    }

    @Test
    void aJobWithAFreshHeartbeatSurvivesAndTheHeartbeatCoversRunningBuilds() throws Exception {
        OrphanedJobCleanup.staleAfter = Duration.ofSeconds(2);
        MockCluster.behaviour(ns, working());
        TestJenkins.FakeRun live = TestJenkins.run("beating-" + ns);
        FakeStepContext.Env a = startStep(live, "beating-job");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(a.console()).contains("working"));
        createJob("claimed", "claimed-job", goneBuildKey("3"), labels(URL));
        createJob("unclaimed", "unclaimed-job", goneBuildKey("4"), labels(URL));
        awaitAllStale(); // every Job's creation is now older than staleAfter

        KubernetesCluster cluster = ModelArtsGlobalConfiguration.get().getClusters().get(0);
        assertThat(new JobHeartbeat().beat(cluster, ModelArtsGlobalConfiguration.get().toCatalog())).isEqualTo(1);
        assertThat(jobNamed("beating-job").getMetadata().getAnnotations()).containsKey("modelarts-train/heartbeat");
        assertThat(jobNamed("unclaimed-job").getMetadata().getAnnotations()).doesNotContainKey("modelarts-train/heartbeat");
        heartbeatFromElsewhere("claimed");
        live.finish(); // its Job has a fresh heartbeat: left alone although its build is over

        assertThat(sweep(false)).as(log()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobNames()).containsExactly("beating-job", "claimed-job"));

        awaitAllStale(); // now the heartbeats are stale too
        assertThat(sweep(false)).as(log()).isEqualTo(2);
        MockCluster.get().kubelet().signal("release-" + ns);
        assertThat(a.awaitDone(60)).isTrue(); // the step ends before its workspace is removed
    }

    @Test
    void aDryRunDeletesNothingAndSaysWhatItWouldDelete() throws Exception {
        createJob("from-a-deleted-build", "gone-job", goneBuildKey("4"), labels(URL));

        assertThat(sweep(true)).isZero();

        // the sweep returns after its last request: what it deleted would be gone (or being deleted) by now
        assertThat(log()).contains("Dry run: would delete the orphaned Kubernetes Job " + ns + "/from-a-deleted-build")
                .doesNotContain("Deleting");
        assertThat(jobNames()).containsExactly("gone-job");
    }

    @Test
    void itIsOffByDefaultAndDoesNothingWithoutARootUrl() throws Exception {
        createJob("from-a-deleted-build", "gone-job", goneBuildKey("4"), labels(URL));
        assertThat(ModelArtsGlobalConfiguration.get().isCleanupOrphanedJobs()).isFalse();
        // execute() sweeps before it returns (see the last part): off, it said and deleted nothing
        new OrphanedJobCleanup().execute(new StreamTaskListener(log, StandardCharsets.UTF_8));
        assertThat(log()).isEmpty();
        assertThat(jobNames()).containsExactly("gone-job");

        jenkins.model.JenkinsLocationConfiguration.get().setUrl(null);
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger cleanupLog = Logger.getLogger(OrphanedJobCleanup.class.getName());
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        cleanupLog.addHandler(recorder);
        try {
            assertThat(sweep(false)).isZero();
        } finally {
            cleanupLog.removeHandler(recorder);
        }
        assertThat(warnings).singleElement().satisfies(r -> assertThat(r.getMessage()).contains("has no root URL", "none is deleted"));
        assertThat(log()).doesNotContain("Deleting");
        assertThat(jobNames()).containsExactly("gone-job");

        // on, with the URL: the periodic task deletes it
        jenkins.model.JenkinsLocationConfiguration.get().setUrl(URL);
        ModelArtsGlobalConfiguration.get().setCleanupOrphanedJobs(true);
        new OrphanedJobCleanup().execute(new StreamTaskListener(log, StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobNames()).isEmpty());
    }
}

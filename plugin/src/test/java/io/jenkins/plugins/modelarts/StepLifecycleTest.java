package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import hudson.security.ACL;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.testsupport.Durability;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.jenkins.plugins.testsupport.StepRun;
import io.jenkins.plugins.testsupport.TestBuild;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The step's life in a Jenkins that behaves like the real one (jenkins-test-support): started on a build's CPS VM
 * thread, a restart in Jenkins' order ({@code onBeforeShutdown}, terminators, {@code isTerminating()} last, then a
 * new Jenkins reading {@code program.dat}), a crash, both durability modes, a hostile script class loader, and the
 * user a resumed step runs as.
 */
class StepLifecycleTest {

    static final String TOKEN = "k8s-token-value-never-printed-456";
    static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();
    String ns;

    @BeforeEach
    void setUp() throws Exception {
        MockCluster.get();
        ns = MockCluster.namespace("life");
        // what the home's configuration files restore at every boot
        sessions.onBoot(j -> {
            TestJenkins.configure(ns);
            TestJenkins.addToken("k8s-token", TOKEN);
        });
    }

    @AfterEach
    void tearDown() {
        ModelArtsTrainExecution.cursorIntervalMillis = 3000;
    }

    static Map<String, Object> job(String name) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("algorithm", Map.of("image", "registry.example.com/team/train:1", "bootCommand", "python train.py"));
        args.put("resources", Map.of("pool", "pool", "type", "CPU", "flavor", "cpu-2"));
        return args;
    }

    static ModelArtsTrainStep step(Map<String, Object> args) throws Exception {
        return TestBinder.bind(ModelArtsTrainStep.class, args);
    }

    static long count(String log, String line) {
        return log.lines().filter(line::equals).count();
    }

    Job onlyJob() {
        List<Job> jobs = MockCluster.jobs(ns);
        assertThat(jobs).as("exactly one Kubernetes Job").hasSize(1);
        return jobs.get(0);
    }

    @Test
    void aSafeRestartResumesTheSameJobWithoutLosingOrRepeatingALine() throws Exception {
        String signal = ns + "-more";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            for (int i = 1; i <= 40; i++) { // still logging while Jenkins shuts down
                pod.log("line " + i);
                pod.pause(50);
            }
            pod.await(signal);
            pod.logNumbered("line ", 41, 5);
            pod.exit(0);
        });
        TestBuild build = sessions.createJob("train").newBuild();
        StepRun step = sessions.start(build, step(job("restart-job")));
        await().atMost(WAIT).until(() -> build.log().contains("line 10"));
        String uid = onlyJob().getMetadata().getUid();

        sessions.restart(() -> {
            // the terminator that closes the shared clients ran, after the programs were saved
            assertThat(ClientCache.get().size()).isZero();
            assertThat(step.completions()).as("nothing completed the step during the shutdown").isZero();
        });

        TestBuild resumed = sessions.build("train", 1);
        assertThat(resumed).isNotSameAs(build);
        await().atMost(WAIT).until(() -> resumed.log().contains("line 40"));
        MockCluster.get().kubelet().signal(signal);
        assertThat(step.await(WAIT.toSeconds())).as(resumed.log()).isTrue();

        String log = resumed.log();
        assertThat(log).contains("Resuming after a Jenkins restart");
        assertThat(step.failures()).as(log).isEmpty();
        assertThat(step.successes()).hasSize(1);
        assertThat(resumed.getResult()).isEqualTo(Result.SUCCESS);
        for (int i = 1; i <= 45; i++) {
            assertThat(count(log, "line " + i)).as("'line %d' in\n%s", i, log).isEqualTo(1);
        }
        assertThat(onlyJob().getMetadata().getUid()).as("the same Kubernetes Job").isEqualTo(uid);
        String[] cursors = new java.io.File(resumed.getRootDir(), "modelarts-train").list((d, n) -> n.endsWith(".cursor"));
        assertThat(cursors == null ? new String[0] : cursors).as("the log cursor file goes when the step ends").isEmpty();
        // performance-optimized: saveState() wrote nothing; the program was written once, by the shutdown
        assertThat(build.programWrites()).isEqualTo(1);
    }

    @Test
    void aCrashInMaxSurvivabilityLosesNoLineAndRepeatsOnlyTheLastCursorInterval() throws Exception {
        ModelArtsTrainExecution.cursorIntervalMillis = 500;
        sessions.durability(Durability.MAX_SURVIVABILITY);
        String signal = ns + "-end";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            for (int i = 1; i <= 60; i++) {
                pod.log("line " + i);
                pod.pause(100);
            }
            pod.await(signal);
            pod.logNumbered("line ", 61, 5);
            pod.exit(0);
        });
        TestBuild build = sessions.createJob("train").newBuild();
        StepRun step = sessions.start(build, step(job("crash-job")));
        await().atMost(WAIT).until(() -> build.log().contains("line 5"));
        int writes = build.programWrites();
        assertThat(writes).as("the program was written when the job was submitted").isPositive();
        await().atMost(WAIT).until(() -> build.log().contains("line 60"));
        // five more seconds of lines: the moving cursor went to the cursor file, the program was not rewritten
        assertThat(build.programWrites()).isEqualTo(writes);

        sessions.crash(); // kill -9: no listener, no terminator, the home as it is now

        TestBuild resumed = sessions.build("train", 1);
        await().atMost(WAIT).until(() -> resumed.log().contains("Resuming after a Jenkins restart"));
        MockCluster.get().kubelet().signal(signal);
        assertThat(step.await(WAIT.toSeconds())).as(resumed.log()).isTrue();

        String log = resumed.log();
        assertThat(step.failures()).as(log).isEmpty();
        int repeated = 0;
        for (int i = 1; i <= 65; i++) {
            long n = count(log, "line " + i);
            assertThat(n).as("'line %d' lost in\n%s", i, log).isPositive();
            repeated += (int) (n - 1);
        }
        // 10 lines a second, the cursor file rewritten every 0.5 s: at most the lines since its last write again
        assertThat(repeated).as("lines printed twice in\n%s", log).isLessThanOrEqualTo(10);
        onlyJob();
    }

    @Test
    void aCrashInPerformanceOptimizedDurabilityCannotResumeTheBuild() throws Exception {
        String signal = ns + "-never";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("started");
            pod.await(signal);
            pod.exit(0);
        });
        TestBuild build = sessions.createJob("train").newBuild();
        sessions.start(build, step(job("lost-job")));
        await().atMost(WAIT).until(() -> build.log().contains("started"));
        assertThat(build.programWrites()).as("saveState() is a no-op in this mode").isZero();

        sessions.crash();

        TestBuild after = sessions.build("train", 1);
        assertThat(after.getResult()).isEqualTo(Result.FAILURE);
        assertThat(after.log()).contains("its program was never saved");
        // the Job is left to the orphaned-Job cleanup
        assertThat(MockCluster.jobs(ns)).hasSize(1);
        MockCluster.get().kubelet().signal(signal);
    }

    /** A script class loader that refuses fabric8, as when the uber class loader finds another plugin's broken copy. */
    static final class HostileLoader extends ClassLoader {
        HostileLoader(ClassLoader parent) {
            super("hostile-script", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.fabric8.")) {
                throw new LinkageError("loader constraint violation: another plugin's copy of " + name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void aHostileScriptClassLoaderNeitherBreaksSubmissionNorStaysReferenced() throws Exception {
        MockCluster.behaviour(ns, io.modelarts.train.testing.kube.WorkerBehaviour.succeed("trained"));
        TestBuild build = sessions.createJob("train").newBuild();
        HostileLoader hostile = new HostileLoader(StepLifecycleTest.class.getClassLoader());
        build.scriptClassLoader(hostile);
        WeakReference<ClassLoader> ref = new WeakReference<>(hostile);
        hostile = null;

        StepRun step = sessions.start(build, step(job("hostile-job")));
        assertThat(step.await(WAIT.toSeconds())).as(build.log()).isTrue();

        assertThat(step.failures()).as(build.log()).isEmpty();
        assertThat(build.log()).contains("trained");
        onlyJob();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return ref.get() == null;
        });
    }

    /** Holds the step's background work until the test lets it go (here: never). */
    static final class Gated extends Step {
        final ModelArtsTrainStep real;
        final StepExecutionTest.Gate gate;

        Gated(ModelArtsTrainStep real, StepExecutionTest.Gate gate) {
            this.real = real;
            this.gate = gate;
        }

        @Override
        public StepExecution start(StepContext context) throws Exception {
            ModelArtsTrainExecution e = (ModelArtsTrainExecution) real.start(context);
            e.useExecutor(gate);
            return e;
        }
    }

    @Test
    void afterARestartPriority3IsCheckedForTheUserWhoStartedTheStep() throws Exception {
        sessions.onBoot(j -> JenkinsSessions.permissions((a, p) -> "alice".equals(a.getName()) || ACL.SYSTEM2.equals(a)));
        MockCluster.behaviour(ns, io.modelarts.train.testing.kube.WorkerBehaviour.succeed("urgent"));
        TestBuild build = sessions.createJob("train").newBuild();
        build.runAs("alice");
        Map<String, Object> args = job("urgent-job");
        args.put("priority", 3);
        StepExecutionTest.Gate gate = new StepExecutionTest.Gate();

        // Jenkins goes down before the submission ran: the program holds the step, not yet a Job
        StepRun step = sessions.start(build, new Gated(step(args), gate));
        assertThat(gate.held).hasSize(1);
        sessions.restart();

        TestBuild resumed = sessions.build("train", 1);
        assertThat(step.await(WAIT.toSeconds())).as(resumed.log()).isTrue();
        assertThat(step.failures()).as(resumed.log()).isEmpty();
        assertThat(onlyJob().getSpec().getTemplate().getSpec().getPriorityClassName()).isEqualTo("high");
    }

    @Test
    void aResumedStepMakesNoNewPriority3AttemptForAUserWhoLostThePermission() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean alicePermitted = new java.util.concurrent.atomic.AtomicBoolean(true);
        sessions.onBoot(j -> JenkinsSessions.permissions((a, p) -> ACL.SYSTEM2.equals(a) || "alice".equals(a.getName()) && alicePermitted.get()));
        String signal = ns + "-fail";
        MockCluster.behaviour(ns, pod -> {
            pod.runDownload();
            pod.start();
            pod.log("attempt " + pod.attempt());
            if (pod.attempt() == 1) {
                pod.await(signal);
                pod.exit(1);
            } else {
                pod.exit(0);
            }
        });
        TestBuild build = sessions.createJob("train").newBuild();
        build.runAs("alice");
        Map<String, Object> args = job("retry-job");
        args.put("priority", 3);
        args.put("autoRestart", 1);
        StepRun step = sessions.start(build, step(args));
        await().atMost(WAIT).until(() -> build.log().contains("attempt 1"));

        alicePermitted.set(false); // an administrator takes the permission away while the job runs
        sessions.restart();
        TestBuild resumed = sessions.build("train", 1);
        await().atMost(WAIT).until(() -> resumed.log().contains("Resuming after a Jenkins restart"));
        MockCluster.get().kubelet().signal(signal);
        assertThat(step.await(WAIT.toSeconds())).as(resumed.log()).isTrue();

        // the resumed step checked priority 3 for alice, who may no longer use it: no second (priority 3) attempt
        assertThat(step.failures()).as(resumed.log()).hasSize(1);
        assertThat(resumed.log()).contains("without further auto restarts").doesNotContain("attempt 2");
        onlyJob();
    }
}

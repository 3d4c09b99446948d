package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.ItemGroup;
import hudson.util.FormValidation;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A cluster or pool restricted to folders: checked from the build's job full name when the job is validated. */
class FolderRestrictionsTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    @TempDir
    Path tmp;
    String ns;

    /** A folder of jobs (as the Folders plugin's), possibly inside another; only what a job's full name needs. */
    static final class TestFolder implements ItemGroup<TestJenkins.FakeJob> {
        private final String fullName;
        private final File dir;

        TestFolder(String fullName, File dir) {
            this.fullName = fullName;
            this.dir = dir;
        }

        @Override
        public String getFullName() {
            return fullName;
        }

        @Override
        public String getFullDisplayName() {
            return fullName;
        }

        @Override
        public Collection<TestJenkins.FakeJob> getItems() {
            return List.of();
        }

        @Override
        public String getUrl() {
            return "job/" + fullName.replace("/", "/job/") + "/";
        }

        @Override
        public String getUrlChildPrefix() {
            return "job";
        }

        @Override
        public TestJenkins.FakeJob getItem(String name) {
            return null;
        }

        @Override
        public File getRootDirFor(TestJenkins.FakeJob child) {
            return new File(dir, child.getName());
        }

        @Override
        public void onDeleted(TestJenkins.FakeJob item) {
        }

        @Override
        public File getRootDir() {
            return dir;
        }

        @Override
        public String getDisplayName() {
            return fullName;
        }

        @Override
        public void save() {
        }
    }

    @BeforeEach
    void setUp() {
        MockCluster.get();
        ns = MockCluster.namespace("folders");
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
    }

    @AfterEach
    void tearDown() {
        ClientCache.get().closeAll();
    }

    /** A build of job {@code name} in folder {@code folder} (empty: the top level). */
    static TestJenkins.FakeRun runIn(String folder, String name) throws Exception {
        if (folder.isEmpty()) {
            return TestJenkins.run(name);
        }
        File dir = new File(Jenkins.get().getRootDir(), "folders/" + folder.replace('/', '_'));
        return new TestJenkins.FakeRun(new TestJenkins.FakeJob(new TestFolder(folder, dir), name));
    }

    FakeStepContext.Env start(TestJenkins.FakeRun run, String nodeId) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws-" + nodeId));
        FakeStepContext.Env env = new FakeStepContext.Env(run, new FilePath(ws.toFile()), nodeId);
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, StepExecutionTest.job("folder-job-" + nodeId));
        ((ModelArtsTrainExecution) step.start(new FakeStepContext(env))).start();
        assertThat(env.awaitDone(StepExecutionTest.WAIT.toSeconds())).as(env.console()).isTrue();
        return env;
    }

    @Test
    void patternsAllowTheirFoldersAndEveryFolderBelow() {
        FolderRestrictions r = FolderRestrictions.parse("team-a\n\n  ml/vision-*/ \n**/common\n");
        assertThat(r.patterns()).containsExactly("team-a", "ml/vision-*", "**/common");
        assertThat(r.allows("team-a/train")).isTrue();
        assertThat(r.allows("team-a/nightly/deep/train")).as("nested below an allowed folder").isTrue();
        assertThat(r.allows("team-ab/train")).as("a name, not a prefix").isFalse();
        assertThat(r.allows("team-b/team-a/train")).isFalse();
        assertThat(r.allows("ml/vision-3d/train")).isTrue();
        assertThat(r.allows("ml/vision-3d/sub/train")).isTrue();
        assertThat(r.allows("ml/nlp/train")).isFalse();
        assertThat(r.allows("ml/train")).as("* does not match the job's own name").isFalse();
        assertThat(r.allows("common/train")).as("** also stands for no folder").isTrue();
        assertThat(r.allows("x/y/common/train")).isTrue();
        assertThat(r.allows("train")).as("a top-level job").isFalse();
        assertThat(FolderRestrictions.parse("/\n").allows("train")).isTrue();
        assertThat(FolderRestrictions.parse("/\n").allows("team-a/train")).isFalse();
        assertThat(FolderRestrictions.parse("  \n").allows("anything/at/all")).as("no patterns: no restriction").isTrue();
        assertThat(FolderRestrictions.normalize(" team-a/ \n\n/b\n")).isEqualTo("team-a\nb");
        assertThat(FolderRestrictions.normalize("\n \n")).isNull();
    }

    @Test
    void theFormRefusesPatternsThatCannotMatch() {
        ResourcePool.DescriptorImpl pools = new ResourcePool.DescriptorImpl();
        assertThat(pools.doCheckAllowedFolders("team-a\nml/*").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation bad = new KubernetesCluster.DescriptorImpl().doCheckAllowedFolders("team-a//x");
        assertThat(bad.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(bad.getMessage()).contains("team-a//x", "can never match a folder");
    }

    @Test
    void aPoolRestrictedToOtherFoldersRefusesTheBuildBeforeAnythingIsSubmitted() throws Exception {
        ModelArtsGlobalConfiguration.get().getPools().get(0).setAllowedFolders("team-b\nml/*");

        FakeStepContext.Env env = start(runIn("team-a/nightly", "train"), "1");

        assertThat(env.successes).isEmpty();
        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f).isInstanceOf(hudson.AbortException.class)
                .hasMessageContaining("resources.pool: pool 'pool' may be used only by jobs in the folders team-b, ml/*")
                .hasMessageContaining("job 'team-a/nightly/train' is in 'team-a/nightly'")
                .hasMessageNotContaining("cluster:"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }

    @Test
    void aRestrictedClusterRefusesTopLevelJobsUnlessAllowed() throws Exception {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        config.getClusters().get(0).setAllowedFolders("team-a");

        FakeStepContext.Env env = start(runIn("", "top"), "2");

        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f.getMessage())
                .contains("cluster: cluster 'test' may be used only by jobs in the folders team-a", "job 'top' is in no folder"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }

    @Test
    void aJobInANestedAllowedFolderRuns() throws Exception {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        config.getClusters().get(0).setAllowedFolders("team-a\n/");
        config.getPools().get(0).setAllowedFolders("team-*");
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("trained in a folder"));

        FakeStepContext.Env env = start(runIn("team-a/nightly/gpu", "train"), "3");

        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(env.console()).contains("trained in a folder");
        assertThat(MockCluster.jobs(ns)).hasSize(1);
    }

    @Test
    void bothRestrictionsAreReportedTogether() throws Exception {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        config.getClusters().get(0).setAllowedFolders("team-b");
        config.getPools().get(0).setAllowedFolders("team-b");

        FakeStepContext.Env env = start(runIn("team-a", "train"), "4");

        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f.getMessage())
                .contains("cluster: cluster 'test' may be used", "resources.pool: pool 'pool' may be used"));
    }

    @Test
    void theLocalBackendUsesNoClusterOrPoolAndIsNotRestricted() throws Exception {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        config.getClusters().get(0).setAllowedFolders("team-b");
        config.getPools().get(0).setAllowedFolders("team-b");
        Path ws = Files.createDirectories(tmp.resolve("ws-local"));
        FakeStepContext.Env env = new FakeStepContext.Env(runIn("team-a", "smoke"), new FilePath(ws.toFile()), "5");
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, Map.of("name", "smoke", "backend", "local",
                "algorithm", Map.of("image", "local", "bootCommand", "echo smoke-ran")));
        ((ModelArtsTrainExecution) step.start(new FakeStepContext(env))).start();

        assertThat(env.awaitDone(StepExecutionTest.WAIT.toSeconds())).as(env.console()).isTrue();
        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(env.console()).contains("smoke-ran");
    }
}

package io.modelarts.train.validation;

import io.modelarts.train.backend.kubernetes.KubernetesRenderer;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.Resources;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.modelarts.train.validation.TestJobs.about;
import static io.modelarts.train.validation.TestJobs.check;
import static io.modelarts.train.validation.TestJobs.checkLocal;
import static io.modelarts.train.validation.TestJobs.customJob;
import static io.modelarts.train.validation.TestJobs.customJobOn;
import static io.modelarts.train.validation.TestJobs.set;
import static io.modelarts.train.validation.TestJobs.withCatalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The five job-definition defects of issue 12: each case refused (or warned about) by name. */
class JobDefinitionDefectsTest {

    @Nested
    class NodesHaveAHardLimit {
        @Test
        void theLimitItselfIsFine() {
            assertThat(about(checkLocal(set(customJob(), "resources.nodes", Resources.MAX_NODES)), "resources.nodes")).isEmpty();
        }

        @Test
        void oneMoreIsRefusedWithoutACatalog() {
            assertThat(checkLocal(set(customJob(), "resources.nodes", 2147483647)).all()).containsExactly(Problem.error(
                    "resources.nodes", "must be at most 1024, the most compute nodes one job may use (got 2147483647)"));
        }

        @Test
        void aFlavorWithoutMaxNodesStillHasTheLimit() {
            Map<String, Object> job = set(customJobOn("gpu-pool", "GPU", "gpu-8x"), "resources.nodes", 1025);
            assertThat(about(check(job, withCatalog()), "resources.nodes")).containsExactly(Problem.error(
                    "resources.nodes", "must be at most 1024, the most compute nodes one job may use (got 1025)"));
        }

        @Test
        void aCatalogMayNotPromiseMore() {
            PoolCatalogLoader.Result r = PoolCatalogLoader.loadText("""
                    pools:
                      - name: p
                        flavors:
                          - {id: f, type: CPU, cpu: 1, memory: 1Gi, maxNodes: 100000}
                    """, "pools.yaml");
            assertThat(r.problems()).contains(Problem.error("pools[0].flavors[0].maxNodes",
                    "must be at most 1024, the most compute nodes one job may use (got 100000)"));
        }

        @Test
        void neitherThePlannerNorTheRendererAllocatesForAHugeHandBuiltPlan() {
            JobSpec spec = JobSpecLoader.fromTree(set(customJob(), "resources.nodes", 2147483647), Path.of("/work")).spec();
            assertThatThrownBy(() -> Planner.plan(spec, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("resources.nodes: must be at most 1024");
            JobSpec small = JobSpecLoader.fromTree(customJob(), Path.of("/work")).spec();
            JobPlan plan = Planner.plan(small, null);
            JobPlan huge = new JobPlan(spec, plan.bootMode(), plan.image(), plan.bootCommand(), plan.bootFile(), plan.arguments(),
                    plan.environment(), plan.pathVariables(), plan.workDir(), plan.code(), plan.inputs(), plan.outputs(), null, null,
                    2147483647, 1, null, null);
            assertThatThrownBy(() -> new KubernetesRenderer(null).render(huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("resources.nodes: must be at most 1024");
        }
    }

    @Nested
    class MountPathsDoNotCollideWithTheToolsOwn {
        Map<String, Object> withSfs(String localPath) {
            Map<String, Object> job = customJobOn("gpu-pool", "GPU", "gpu-1x");
            set(job, "sfsTurbo[0].name", "sfs-a");
            set(job, "sfsTurbo[0].serverPath", "10.0.0.5:/export/data");
            set(job, "sfsTurbo[0].localPath", localPath);
            return job;
        }

        @Test
        void sharedMemoryIsRefused() {
            assertThat(check(withSfs("/dev/shm"), withCatalog()).all()).containsExactly(Problem.error("sfsTurbo[0].localPath",
                    "must not be /dev/shm or a folder inside it (the job's shared memory is mounted there)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/dev", "/dev/nvidia0", "/proc", "/sys/fs"})
        void systemFoldersAreRefused(String path) {
            assertThat(about(check(withSfs(path), withCatalog()), "sfsTurbo[0].localPath")).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("the container runtime provides it"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/modelarts-train", "/modelarts-train/x"})
        void theControlFolderIsRefused(String path) {
            assertThat(about(check(withSfs(path), withCatalog()), "sfsTurbo[0].localPath")).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("/modelarts-train is the tool's own mount"));
        }

        @Test
        void theControlFolderIsTheOneTheKubernetesBackendMounts() {
            assertThat(ContainerPaths.CONTROL_DIR).isEqualTo(io.modelarts.train.backend.kubernetes.TransferScripts.CONTROL_DIR);
        }

        @Test
        void theLocalCodeDirIsRefused() {
            Map<String, Object> job = set(withSfs("/home/ma-user/work"), "algorithm.localCodeDir", "/home/ma-user/work");
            assertThat(check(job, withCatalog()).all()).containsExactly(Problem.error("sfsTurbo[0].localPath",
                    "must not be algorithm.localCodeDir /home/ma-user/work or a folder inside it (the code is downloaded there)"));
        }

        @Test
        void aFolderAboveTheLocalCodeDirIsRefused() {
            Map<String, Object> job = set(withSfs("/home/ma-user/work"), "algorithm.localCodeDir", "/home/ma-user/work/job");
            assertThat(check(job, withCatalog()).all()).containsExactly(Problem.error("sfsTurbo[0].localPath",
                    "must not be /home/ma-user/work: a mount there would hide algorithm.localCodeDir /home/ma-user/work/job"
                            + " (the code is downloaded there)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/home/ma-user/modelarts/inputs/data_url_0", "/home/ma-user/modelarts/outputs/train_url_0"})
        void inputAndOutputFoldersAreRefused(String path) {
            assertThat(about(check(withSfs(path), withCatalog()), "sfsTurbo[0].localPath")).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("must not be /home/ma-user/modelarts or a folder inside it"));
        }

        @Test
        void aParallelFileSystemIsCheckedTheSameWay() {
            Map<String, Object> job = customJobOn("gpu-pool", "GPU", "gpu-1x");
            set(job, "parallelFileSystems[0].storage", "pfs-a");
            set(job, "parallelFileSystems[0].mountPath", "/dev/shm/x");
            assertThat(check(job, withCatalog()).all()).containsExactly(Problem.error("parallelFileSystems[0].mountPath",
                    "must not be /dev/shm or a folder inside it (the job's shared memory is mounted there)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.5:/export/data/", "10.0.0.5://export//data", "10.0.0.5:/export/data//"})
        void anotherSpellingOfTheSameFileSystemIsRefused(String second) {
            Map<String, Object> job = withSfs("/mnt/a");
            set(job, "sfsTurbo[1].name", "sfs-b");
            set(job, "sfsTurbo[1].serverPath", second);
            set(job, "sfsTurbo[1].localPath", "/mnt/b");
            assertThat(check(job, withCatalog()).all()).containsExactly(Problem.error("sfsTurbo[1].serverPath",
                    "'" + second + "' is already mounted by sfsTurbo[0] (the same file system as 10.0.0.5:/export/data);"
                            + " each file system can be mounted once"));
        }

        @Test
        void hostNamesCompareWithoutCase() {
            Map<String, Object> job = withSfs("/mnt/a");
            set(job, "sfsTurbo[0].serverPath", "nfs.example.com:/x");
            set(job, "sfsTurbo[1].name", "sfs-b");
            set(job, "sfsTurbo[1].serverPath", "NFS.Example.com:/x/");
            set(job, "sfsTurbo[1].localPath", "/mnt/b");
            assertThat(about(check(job, withCatalog()), "sfsTurbo[1].serverPath")).hasSize(1);
        }

        @Test
        void dotSegmentsInTheServerPathAreRefused() {
            Map<String, Object> job = withSfs("/mnt/a");
            set(job, "sfsTurbo[0].serverPath", "10.0.0.5:/export/../data");
            assertThat(check(job, withCatalog()).all()).containsExactly(Problem.error("sfsTurbo[0].serverPath",
                    "must be host:/path with a normalized path, without '.' or '..' segments (got '10.0.0.5:/export/../data')"));
        }

        @Test
        void differentExportsOfOneServerAreFine() {
            Map<String, Object> job = withSfs("/mnt/a");
            set(job, "sfsTurbo[1].name", "sfs-b");
            set(job, "sfsTurbo[1].serverPath", "10.0.0.5:/export/data2");
            set(job, "sfsTurbo[1].localPath", "/mnt/b");
            assertThat(check(job, withCatalog()).all()).isEmpty();
        }
    }

    @Nested
    class AppendedArgumentsWarning {
        Problems withCommand(String command) {
            return checkLocal(set(set(customJob(), "algorithm.bootCommand", command), "hyperparameters", Map.of("lr", "0.1")));
        }

        List<Problem> warnings(String command) {
            return about(withCommand(command), "algorithm.bootCommand");
        }

        @ParameterizedTest
        @ValueSource(strings = {"python train.py", "cd /x && exec python train.py 'a;b'", "python train.py \"a & b\"",
                "python train.py $(echo x; echo y)", "python train.py > log.txt", "python train.py \\; x", "python train.py a#b",
                "python train.py `date; true`", "pip install -r requirements.txt && python train.py",
                "echo start; export A=1; python train.py"})
        void argumentsThatReachTheFirstProgramAreFine(String command) {
            assertThat(warnings(command)).isEmpty();
        }

        @Test
        void aLaterCommandGetsThem() {
            assertThat(warnings("python train.py; echo done")).containsExactly(Problem.warning("algorithm.bootCommand",
                    "chains commands with ';', and the arguments appended to the end (--data_url, --train_url, --lr) reach the last"
                            + " one ('echo done'), not 'python train.py'; run the training program last, or read the values from"
                            + " environment variables"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"python a.py && python b.py", "python a.py || true", "python a.py | tee log"})
        void otherOperatorsToo(String command) {
            assertThat(warnings(command)).singleElement().satisfies(p -> assertThat(p.message()).startsWith("chains commands with"));
        }

        @Test
        void aTrailingCommentSwallowsThem() {
            assertThat(warnings("python train.py # the main run")).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("ends in a # comment, which swallows the arguments"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"python train.py;", "python train.py &", "python train.py ; "})
        void aTrailingOperatorRunsThemAsACommand(String command) {
            assertThat(warnings(command)).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("would run as a command of their own"));
        }

        @Test
        void aClosingParenthesisMakesThemASyntaxError() {
            assertThat(warnings("(cd /x && python train.py)")).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("ends with ')'"));
        }

        @Test
        void noArgumentsNoWarning() {
            Map<String, Object> job = set(customJob(), "algorithm.bootCommand", "python train.py; echo done");
            job.remove("inputs");
            job.remove("outputs");
            assertThat(checkLocal(job).all()).isEmpty();
        }

        @Test
        void itIsAWarningSoTheJobStillRuns() {
            assertThat(withCommand("python train.py; echo done").hasErrors()).isFalse();
        }
    }

    @Nested
    class ChannelsDeliveredAsEnvironmentVariables {
        Problems withInputName(String name) {
            Map<String, Object> job = set(customJob(), "inputs[0].name", name);
            return checkLocal(set(job, "inputs[0].obtainedFrom", "environment"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"MA_JOB_DIR", "VC_TASK_INDEX", "MASTER_ADDR", "RANK"})
        void presetVariablesAreRefused(String name) {
            assertThat(withInputName(name).all()).containsExactly(Problem.error("inputs[0].name", "'" + name
                    + "' is passed as an environment variable (obtainedFrom: environment), so it would replace the preset variable "
                    + name + " that the boot command and the training code rely on; choose another name"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"PATH", "HOME", "PYTHONPATH", "LD_LIBRARY_PATH"})
        void processVariablesAreRefused(String name) {
            assertThat(withInputName(name).all()).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("would replace the process variable " + name));
        }

        @Test
        void reservedPrefixesGetAWarning() {
            assertThat(withInputName("MA_DATA").all()).containsExactly(Problem.warning("inputs[0].name",
                    "names starting with MA_ or VC_ are reserved for preset variables; choose another name"));
        }

        @Test
        void anOutputIsCheckedToo() {
            Map<String, Object> job = set(customJob(), "outputs[0].name", "PATH");
            assertThat(checkLocal(set(job, "outputs[0].obtainedFrom", "environment")).all()).singleElement()
                    .satisfies(p -> assertThat(p.field()).isEqualTo("outputs[0].name"));
        }

        @Test
        void asAHyperparameterTheNameIsHarmless() {
            assertThat(checkLocal(set(customJob(), "inputs[0].name", "PATH")).all()).isEmpty();
        }
    }
}

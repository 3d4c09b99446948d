package io.modelarts.train.plan;

import io.modelarts.train.pool.Engine;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Preset engines launch as ModelArts does: the engine's environment, requirements first, PyTorch's distributed arguments. */
class PresetEngineLaunchTest {

    static final String CATALOG = """
            pools:
              - name: p
                type: dedicated
                flavors:
                  - {id: cpu, type: CPU, cpu: 1, memory: 1Gi}
                engines:
                  - name: pytorch-2.3
                    image: registry.example.com/preset/pytorch:2.3
                    env: {OMP_NUM_THREADS: "4", PYTHONPATH: /opt/engine/lib}
                  - name: tensorflow-2.15
                    image: registry.example.com/preset/tensorflow:2.15
                  - name: company-torch
                    image: registry.example.com/preset/torch:1
                    framework: pytorch
            """;

    @TempDir
    Path tmp;

    static PoolCatalog catalog() {
        PoolCatalogLoader.Result r = PoolCatalogLoader.loadText(CATALOG, "pools.yaml");
        assertThat(r.problems()).isEmpty();
        return r.catalog();
    }

    static JobPlan plan(String engine, int nodes, String extra) {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: preset
                algorithm: {engine: %s, codeDir: obs://bucket/code/demo, bootFile: train.py}
                resources: {pool: p, type: CPU, flavor: cpu, nodes: %d}
                hyperparameters: {lr: "0.1"}
                %s
                """.formatted(engine, nodes, extra), "job.yaml", Path.of("/work"));
        assertThat(r.problems()).isEmpty();
        return Planner.plan(r.spec(), catalog());
    }

    @ParameterizedTest
    @CsvSource({"pytorch-2.3,PYTORCH", "PyTorch_1.8,PYTORCH", "tensorflow-2.15,TENSORFLOW", "mindspore-2.0,MINDSPORE",
            "pytorchx,OTHER", "xgboost-1.7,OTHER"})
    void theFrameworkComesFromTheEnginesName(String name, Engine.Framework framework) {
        assertThat(Engine.Framework.ofEngineName(name)).isEqualTo(framework);
    }

    @Test
    void aWrittenFrameworkWins() {
        assertThat(plan("company-torch", 2, "").framework()).isEqualTo(Engine.Framework.PYTORCH);
        assertThat(PoolCatalogLoader.loadText("""
                pools:
                  - name: p
                    engines: [{name: e, image: registry.example.com/e:1, framework: caffe}]
                """, "pools.yaml").problems()).contains(Problem.error("pools[0].engines[0].framework",
                "must be pytorch, tensorflow, mindspore or other, not 'caffe'"));
    }

    @Test
    void aMultiNodePyTorchJobGetsTheDistributedArgumentsLast() {
        assertThat(plan("pytorch-2.3", 2, "").commandLine(PathMapper.IDENTITY, "python", false)).isEqualTo(
                "cd /home/ma-user/modelarts/user-job-dir/demo && exec python /home/ma-user/modelarts/user-job-dir/demo/train.py"
                        + " --lr=0.1 --init_method \"tcp://${MASTER_ADDR}:6666\" --rank \"${VC_TASK_INDEX}\" --world_size 2");
    }

    @Test
    void oneNodeOrAnotherFrameworkGetsNone() {
        assertThat(plan("pytorch-2.3", 1, "").commandLine(PathMapper.IDENTITY, "python", false)).endsWith("train.py --lr=0.1");
        assertThat(plan("tensorflow-2.15", 2, "").commandLine(PathMapper.IDENTITY, "python", false)).endsWith("train.py --lr=0.1");
    }

    @Test
    void theEnginesEnvironmentIsSetAndTheJobsOwnWins() {
        JobPlan plan = plan("pytorch-2.3", 1, "environment: {OMP_NUM_THREADS: \"8\"}");
        assertThat(plan.environment(PathMapper.IDENTITY)).containsEntry("OMP_NUM_THREADS", "8")
                .containsEntry("PYTHONPATH", "/home/ma-user/modelarts/user-job-dir:/opt/engine/lib:${PYTHONPATH}");
        assertThat(plan("pytorch-2.3", 1, "").environment(PathMapper.IDENTITY)).containsEntry("OMP_NUM_THREADS", "4");
        assertThat(plan("tensorflow-2.15", 1, "").environment(PathMapper.IDENTITY))
                .containsEntry("PYTHONPATH", "/home/ma-user/modelarts/user-job-dir:${PYTHONPATH}");
    }

    @Test
    void theRenderedPodCarriesTheEnginesEnvironmentAndTheInstallation() {
        var objects = new io.modelarts.train.backend.kubernetes.KubernetesRenderer(catalog()).render(plan("pytorch-2.3", 2, ""));
        var job = (io.fabric8.kubernetes.api.model.batch.v1.Job) objects.get(0);
        var train = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(train.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("OMP_NUM_THREADS");
            assertThat(e.getValue()).isEqualTo("4");
        });
        assertThat(train.getArgs().get(0)).contains("Installing the dependencies in $R",
                "--init_method \"tcp://${MASTER_ADDR}:6666\" --rank \"${VC_TASK_INDEX}\" --world_size 2");
    }

    // ---------------------------------------------------------------- the command run by a real shell

    record Run(int code, String output) {
    }

    /** Runs the container's command line with container paths mapped under {@code tmp}, as a pod would. */
    Run runInShell(JobPlan plan, Map<String, String> env) throws Exception {
        PathMapper mapper = p -> tmp.resolve(p.substring(1)).toString();
        Files.createDirectories(Path.of(mapper.map(plan.workDir())));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", plan.commandLine(mapper, "python3")).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    Path codeDir(String bootFile) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("home/ma-user/modelarts/user-job-dir/demo"));
        Files.writeString(dir.resolve("train.py"), bootFile);
        return dir;
    }

    static final String PRINT_ARGS = "import sys, json\nprint('ARGS ' + json.dumps(sys.argv[1:]))\n";

    @Test
    void eachWorkerGetsItsRankFromItsOwnEnvironment() throws Exception {
        codeDir(PRINT_ARGS);
        Run run = runInShell(plan("pytorch-2.3", 2, ""), Map.of("MASTER_ADDR", "job-0.job", "VC_TASK_INDEX", "1"));
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("ARGS [\"--lr=0.1\", \"--init_method\", \"tcp://job-0.job:6666\", \"--rank\", \"1\","
                + " \"--world_size\", \"2\"]");
    }

    @Test
    void pipRequirementsAreInstalledBeforeTheBootFile() throws Exception {
        Path code = codeDir(PRINT_ARGS);
        Files.writeString(code.resolve("pip-requirements.txt"), "pip\n"); // already there: nothing to download
        Files.writeString(code.resolve("requirements.txt"), "not a requirement!!\n"); // the first file wins
        Run run = runInShell(plan("pytorch-2.3", 1, ""), Map.of());
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("[ModelArts Service Log] Installing the dependencies in pip-requirements.txt",
                "Requirement already satisfied: pip", "[ModelArts Service Log] Dependencies in pip-requirements.txt installed");
        assertThat(run.output().indexOf("ARGS")).isGreaterThan(run.output().indexOf("installed"));
    }

    @Test
    void requirementsTxtIsAcceptedToo() throws Exception {
        Path code = codeDir(PRINT_ARGS);
        Files.writeString(code.resolve("requirements.txt"), "pip\n");
        Run run = runInShell(plan("pytorch-2.3", 1, ""), Map.of());
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("Installing the dependencies in requirements.txt", "ARGS");
    }

    @Test
    void aFailedInstallationStopsBeforeTheBootFile() throws Exception {
        Path code = codeDir(PRINT_ARGS);
        Files.writeString(code.resolve("pip-requirements.txt"), "not a requirement!!\n");
        Run run = runInShell(plan("pytorch-2.3", 1, ""), Map.of());
        assertThat(run.code()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("[ModelArts Service Log] Installing the dependencies in pip-requirements.txt failed"
                + " (exit code " + run.code() + "); the boot file was not run").doesNotContain("ARGS");
    }

    @Test
    void withoutARequirementsFileNothingIsInstalled() throws Exception {
        codeDir(PRINT_ARGS);
        Run run = runInShell(plan("pytorch-2.3", 1, ""), Map.of());
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("Installing").contains("ARGS [\"--lr=0.1\"]");
    }
}

package io.modelarts.train.spec;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.validation.TestJobs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobSpecLoaderTest {

    static final Path BASE = Path.of("/work/jobs");

    static JobSpecLoader.Result load(String yaml) {
        return JobSpecLoader.loadText(yaml, "job.yaml", BASE);
    }

    static final String MINIMAL = """
            algorithm:
              image: registry.example.com/team/pytorch:2.3
              bootCommand: python train.py
            inputs:
              - dataPath: obs://bucket/in/
            outputs:
              - dataPath: obs://bucket/out/
            """;

    @Nested
    class Defaults {
        @Test
        void theContractDefaultsAreFilledIn() {
            JobSpecLoader.Result r = load(MINIMAL);
            assertThat(r.problems()).isEmpty();
            JobSpec spec = r.spec();
            assertThat(spec.name()).matches("job-\\d{8}-\\d{6}-[0-9a-f]{4}");
            assertThat(spec.description()).isNull();
            assertThat(spec.algorithm().bootMode()).isEqualTo(BootMode.CUSTOM_IMAGE);
            assertThat(spec.algorithm().userId()).isEqualTo(1000);
            assertThat(spec.algorithm().localCodeDir()).isEqualTo("/home/ma-user/modelarts/user-job-dir");
            assertThat(spec.algorithm().workDir()).isNull();
            assertThat(spec.inputs()).containsExactly(new DataChannel("data_url", "obs://bucket/in/", ObtainedFrom.HYPERPARAMETERS, false));
            assertThat(spec.outputs()).containsExactly(new DataChannel("train_url", "obs://bucket/out/", ObtainedFrom.HYPERPARAMETERS, false));
            assertThat(spec.hyperparameters()).isEmpty();
            assertThat(spec.environment()).isEmpty();
            assertThat(spec.autoRestart()).isZero();
            assertThat(spec.resources()).isNull();
            assertThat(spec.nodes()).isEqualTo(1);
            assertThat(spec.priority()).isEqualTo(1);
            assertThat(spec.sfsTurbo()).isEmpty();
            assertThat(spec.parallelFileSystems()).isEmpty();
            assertThat(spec.persistentLogPath()).isNull();
            assertThat(spec.autoStop()).isNull();
        }

        @Test
        void generatedNamesPassTheNameRule() {
            for (int i = 0; i < 20; i++) {
                assertThat(JobSpecLoader.generatedName()).matches("[A-Za-z0-9_-]{1,64}");
            }
        }

        @Test
        void nodesDefaultToOneWhenResourcesAreGiven() {
            JobSpec spec = load(MINIMAL + "resources: {pool: p, type: GPU, flavor: f}\n").spec();
            assertThat(spec.resources()).isEqualTo(new Resources("p", ResourceType.GPU, "f", 1));
        }

        @Test
        void anExplicitEmptyNameIsKeptForTheValidator() {
            assertThat(load("name: ''\n" + MINIMAL).spec().name()).isEmpty();
        }

        @Test
        void aNullNameCountsAsAbsent() {
            assertThat(load("name:\n" + MINIMAL).spec().name()).startsWith("job-");
        }

        @Test
        void thePresetModeIsInferredFromTheEngine() {
            JobSpec spec = load("algorithm: {engine: pytorch-2.3, codeDir: obs://b/c, bootFile: train.py}\n").spec();
            assertThat(spec.algorithm().bootMode()).isEqualTo(BootMode.PRESET_IMAGE);
        }

        @Test
        void bothImageAndEngineLeaveTheModeOpen() {
            assertThat(load("algorithm: {engine: e, image: i}\n").spec().algorithm().bootMode()).isNull();
        }
    }

    @Nested
    class Values {
        @Test
        void everyFieldOfTheContractExample() {
            JobSpecLoader.Result r = JobSpecLoader.load(TestJobs.resource("custom-image.yaml"));
            assertThat(r.problems()).isEmpty();
            JobSpec spec = r.spec();
            assertThat(spec.name()).isEqualTo("mnist-demo");
            assertThat(spec.description()).isEqualTo("Train a digit model");
            assertThat(spec.algorithm()).isEqualTo(new Algorithm(BootMode.CUSTOM_IMAGE, "registry.example.com/team/pytorch:2.3", null,
                    "obs://bucket/training-test/demo-code", null, "python ${MA_JOB_DIR}/demo-code/train.py", 1000,
                    "/home/ma-user/modelarts/user-job-dir", "/home/ma-user/modelarts/user-job-dir/demo-code"));
            assertThat(spec.hyperparameters()).containsExactly(Map.entry("epochs", "10"), Map.entry("learning_rate", "0.01"));
            assertThat(spec.environment()).containsExactly(Map.entry("LOG_LEVEL", "info"));
            assertThat(spec.resources()).isEqualTo(new Resources("gpu-pool", ResourceType.GPU, "gpu-1x", 1));
            assertThat(spec.sfsTurbo()).containsExactly(new SfsTurboMount("sfs-a", "10.0.0.5:/export/data", "/mnt/sfs-a"));
            assertThat(spec.parallelFileSystems()).containsExactly(new ParallelFileSystemMount("pfs-a", "/mnt/pfs"));
            assertThat(spec.persistentLogPath()).isEqualTo("obs://bucket/logs/");
            assertThat(spec.autoStop().hours()).isEqualTo(2);
        }

        @Test
        void jsonIsAccepted() {
            JobSpecLoader.Result r = JobSpecLoader.load(TestJobs.resource("custom-image.json"));
            assertThat(r.problems()).isEmpty();
            assertThat(r.spec().name()).isEqualTo("json-job");
            assertThat(r.spec().hyperparameters()).containsExactly(Map.entry("epochs", "10"), Map.entry("lr", "0.01"));
            assertThat(r.spec().outputs().get(0).predownload()).isTrue();
            assertThat(r.spec().autoStop().hours()).isEqualTo(72);
        }

        @Test
        void hyperparametersKeepTheirOrder() {
            JobSpec spec = load(MINIMAL + "hyperparameters: {z: 1, a: 2, m: 3}\n").spec();
            assertThat(spec.hyperparameters().keySet()).containsExactly("z", "a", "m");
        }

        @Test
        void yaml12KeepsWordsAsText() {
            JobSpec spec = load(MINIMAL + "hyperparameters: {flag: yes, octal: 010}\nautoStop: 1h\n").spec();
            assertThat(spec.hyperparameters()).containsEntry("flag", "yes").containsEntry("octal", "010");
        }

        @Test
        void numericStringsAreAcceptedForNumbers() {
            JobSpec spec = load(MINIMAL + "autoRestart: '2'\npriority: \"3\"\n").spec();
            assertThat(spec.autoRestart()).isEqualTo(2);
            assertThat(spec.priority()).isEqualTo(3);
        }

        @ParameterizedTest
        @CsvSource({"2h,2", "72h,72", "3,3", "1hour,1", "2hours,2", "' 4h ',4"})
        void autoStopReadsHours(String text, int hours) {
            assertThat(load(MINIMAL + "autoStop: " + text + "\n").spec().autoStop().hours()).isEqualTo(hours);
        }

        @Test
        void autoStopNonNumbersHaveNoHours() {
            assertThat(load(MINIMAL + "autoStop: 1.5h\n").spec().autoStop().hours()).isNull();
            assertThat(load(MINIMAL + "autoStop: 1.5\n").spec().autoStop().hours()).isNull();
            assertThat(load(MINIMAL + "autoStop: false\n").spec().autoStop()).isNull();
            assertThat(load(MINIMAL + "autoStop: off\n").spec().autoStop()).isNull();
        }
    }

    @Nested
    class Paths {
        @Test
        void relativeLocalPathsResolveAgainstTheJobFilesFolder() {
            JobSpec spec = load("""
                    algorithm: {image: i, bootCommand: c, codeDir: ./code/../src}
                    inputs:
                      - dataPath: data/train
                      - dataPath: /abs/data
                      - dataPath: file://rel
                    """).spec();
            assertThat(spec.algorithm().codeDir()).isEqualTo("/work/jobs/src");
            assertThat(spec.inputs()).extracting(DataChannel::dataPath).containsExactly("/work/jobs/data/train", "/abs/data", "/work/jobs/rel");
        }

        @Test
        void loadResolvesAgainstTheFilesFolder() {
            JobSpec spec = JobSpecLoader.load(TestJobs.resource("preset-local.yaml")).spec();
            Path folder = TestJobs.resource("preset-local.yaml").getParent();
            assertThat(spec.algorithm().codeDir()).isEqualTo(folder.resolve("code").toString());
            assertThat(spec.inputs().get(0).dataPath()).isEqualTo(folder.resolve("code").toString());
        }

        @Test
        void objectPathsAndOtherUrlsAreLeftAlone() {
            JobSpec spec = load("""
                    algorithm: {image: i, bootCommand: c, codeDir: "OBS://bucket/code"}
                    inputs:
                      - dataPath: s3://bucket/x
                      - dataPath: https://example.com/data
                    outputs:
                      - dataPath: relative/out
                    """).spec();
            assertThat(spec.algorithm().codeDir()).isEqualTo("OBS://bucket/code");
            assertThat(spec.inputs()).extracting(DataChannel::dataPath).containsExactly("s3://bucket/x", "https://example.com/data");
            assertThat(spec.outputs().get(0).dataPath()).isEqualTo("relative/out"); // outputs are never local: the validator says so
        }

        @Test
        void containerPathsAreNotResolved() {
            JobSpec spec = load("algorithm: {image: i, bootCommand: c, localCodeDir: rel, workDir: rel2}\n").spec();
            assertThat(spec.algorithm().localCodeDir()).isEqualTo("rel");
            assertThat(spec.algorithm().workDir()).isEqualTo("rel2");
        }
    }

    @Nested
    class Mistakes {
        @Test
        void unknownKeysWithDidYouMean() {
            JobSpecLoader.Result r = load("nmae: x\n" + MINIMAL.replace("bootCommand", "bootcommand") + "resources: {pool: p, flavour: f}\n");
            assertThat(r.problems()).containsExactly(
                    Problem.error("nmae", "unknown key (did you mean 'name'?); known keys: algorithm, autoRestart, autoStop, description,"
                            + " environment, gate, hyperparameters, inputs, metrics, name, outputs, parallelFileSystems, persistentLogPath,"
                            + " priority, resources, secretEnvironment, sfsTurbo, skipIfUnchanged"),
                    Problem.error("algorithm.bootcommand", "unknown key (did you mean 'bootCommand'?); known keys: bootCommand, bootFile,"
                            + " bootMode, codeDir, engine, id, image, localCodeDir, userId, version, workDir"),
                    Problem.error("resources.flavour", "unknown key (did you mean 'flavor'?); known keys: flavor, nodes, pool, type"));
        }

        @Test
        void unknownKeysFarFromAnyGetNoHint() {
            assertThat(load(MINIMAL + "gpuCount: 2\n").problems()).containsExactly(Problem.error("gpuCount",
                    "unknown key; known keys: algorithm, autoRestart, autoStop, description, environment, gate, hyperparameters, inputs,"
                            + " metrics, name, outputs, parallelFileSystems, persistentLogPath, priority, resources, secretEnvironment, sfsTurbo,"
                            + " skipIfUnchanged"));
        }

        @Test
        void predownloadIsForOutputsOnly() {
            assertThat(load(MINIMAL.replace("- dataPath: obs://bucket/in/", "- {dataPath: obs://bucket/in/, predownload: true}")).problems())
                    .containsExactly(Problem.error("inputs[0].predownload", "unknown key; known keys: dataPath, dataset, name, obtainedFrom, version"));
        }

        @Test
        void wrongTypesNameTheFieldAndTheExpectedType() {
            JobSpecLoader.Result r = load("""
                    name: [a]
                    algorithm: {image: i, bootCommand: c, userId: abc}
                    inputs: {dataPath: x}
                    outputs:
                      - {dataPath: obs://b/o, predownload: maybe}
                    hyperparameters: [1, 2]
                    environment: text
                    autoRestart: 1.5
                    resources: {nodes: 99999999999}
                    priority: {a: 1}
                    sfsTurbo: 3
                    autoStop: [2h]
                    """);
            assertThat(r.problems()).containsExactly(
                    Problem.error("name", "must be text, not a list"),
                    Problem.error("algorithm.userId", "must be a whole number, not 'abc'"),
                    Problem.error("inputs", "must be a list, not a mapping"),
                    Problem.error("outputs[0].predownload", "must be true or false, not 'maybe'"),
                    Problem.error("hyperparameters[0]", "must be a mapping of name, value, not a number"),
                    Problem.error("hyperparameters[1]", "must be a mapping of name, value, not a number"),
                    Problem.error("environment", "must be a mapping of names to values, not text"),
                    Problem.error("autoRestart", "must be a whole number, not 1.5"),
                    Problem.error("resources.nodes", "must be a whole number, 99999999999 is too large"),
                    Problem.error("priority", "must be a whole number, not a mapping"),
                    Problem.error("sfsTurbo", "must be a list, not a number"),
                    Problem.error("autoStop", "must be a number of hours such as 2h (1h, 2h, 4h, 6h, or 1h-72h), not a list"));
        }

        @Test
        void theTopLevelMustBeAMapping() {
            JobSpecLoader.Result r = load("- a\n- b\n");
            assertThat(r.spec()).isNull();
            assertThat(r.hasErrors()).isTrue();
            assertThat(r.problems()).hasSize(1);
            assertThat(r.problems().get(0).field()).isEmpty();
            assertThat(r.readable()).isTrue();
            assertThat(r.problems().get(0).message()).startsWith("job.yaml must be a mapping of the job's fields (algorithm, autoRestart,")
                    .endsWith("), not a list");
        }

        @Test
        void aSyntaxErrorNamesTheLine() {
            JobSpecLoader.Result r = load("name: demo\nalgorithm:\n  image: [unclosed\n  bootCommand: x\n");
            assertThat(r.spec()).isNull();
            assertThat(r.problems()).hasSize(1);
            assertThat(r.problems().get(0).field()).isEmpty();
            assertThat(r.problems().get(0).message()).startsWith("job.yaml is not valid YAML at line 4, column ");
        }

        @Test
        void badIndentationNamesTheLine() {
            JobSpecLoader.Result r = load("name: demo\n  description: x\n");
            assertThat(r.problems().get(0).message()).startsWith("job.yaml is not valid YAML at line 2, column 14: mapping values are not allowed here");
        }

        @Test
        void duplicateKeysAreRefusedWithTheirLine() {
            JobSpecLoader.Result r = load("name: a\ndescription: x\nname: b\n");
            assertThat(r.spec()).isNull();
            assertThat(r.problems()).containsExactly(Problem.error("",
                    "job.yaml is not valid YAML at line 3, column 1: found duplicate key name (while constructing a mapping)"));
        }

        @Test
        void duplicateNamesAfterConversionAreRefused() {
            assertThat(load(MINIMAL + "hyperparameters: {1: a, '1': b}\n").problems())
                    .containsExactly(Problem.error("hyperparameters.1", "is given twice"));
        }

        @Test
        void emptyTextIsOneProblem() {
            assertThat(load("").problems()).containsExactly(Problem.error("", "job.yaml is empty"));
            assertThat(load("# only a comment\n").problems()).containsExactly(Problem.error("", "job.yaml is empty"));
        }

        @Test
        void recursiveAliasesAreRefused() {
            JobSpecLoader.Result r = load("name: &a [*a]\n");
            assertThat(r.spec()).isNull();
            assertThat(r.problems()).containsExactly(Problem.error("", "job.yaml uses an alias inside its own anchor at line 1 (a recursive structure)"));
        }

        @Test
        void sharedAliasesAreFine() {
            JobSpecLoader.Result r = load("""
                    algorithm: {image: i, bootCommand: c}
                    inputs:
                      - &in {dataPath: obs://bucket/in/}
                    outputs:
                      - {dataPath: obs://bucket/out/}
                    environment: &env {A: "1"}
                    hyperparameters: *env
                    """);
            assertThat(r.problems()).isEmpty();
            assertThat(r.spec().hyperparameters()).containsExactly(Map.entry("A", "1"));
        }

        @Test
        void deepNestingIsRefusedNotAStackOverflow() {
            String deep = "name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
            JobSpecLoader.Result r = load(deep);
            assertThat(r.spec()).isNull();
            assertThat(r.problems()).hasSize(1);
            assertThat(r.problems().get(0).message()).startsWith("job.yaml is nested");
            JobSpecLoader.Result shallowEnough = load("name: " + "[".repeat(70) + "]".repeat(70) + "\n");
            assertThat(shallowEnough.problems()).containsExactly(Problem.error("", "job.yaml is nested more than 64 levels deep (line 1)"));
        }

        @Test
        void billionLaughsAreRefused() {
            StringBuilder yaml = new StringBuilder("a0: &a0 [x, x]\n");
            for (int i = 1; i < 60; i++) {
                yaml.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
            }
            JobSpecLoader.Result r = load(yaml.toString());
            assertThat(r.spec()).isNull();
            assertThat(r.problems().get(0).message()).contains("not valid YAML");
        }

        @Test
        void nonUtf8FilesAreOneProblem(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("job.yaml");
            Files.write(file, new byte[]{'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe});
            assertThat(JobSpecLoader.load(file).problems()).containsExactly(Problem.error("", "job file " + file + " is not UTF-8 text"));
        }

        @Test
        void aFolderIsNotAJobFile(@TempDir Path dir) {
            JobSpecLoader.Result r = JobSpecLoader.load(dir);
            assertThat(r.spec()).isNull();
            assertThat(r.problems().get(0).message()).startsWith("cannot read job file " + dir);
        }

        @Test
        void treesFromCodeMayHoldAnything() {
            Map<String, Object> tree = new java.util.HashMap<>();
            tree.put("name", new Object());
            tree.put("inputs", List.of(Map.of("dataPath", List.of())));
            JobSpecLoader.Result r = JobSpecLoader.fromTree(tree, null);
            assertThat(r.problems()).contains(Problem.error("name", "must be text, not Object"),
                    Problem.error("inputs[0].dataPath", "must be text, not a list"));
            assertThat(JobSpecLoader.fromTree(null, null).problems()).hasSize(1);
        }
    }

    @Nested
    class Lines {
        @Test
        void everyFieldHasItsLine() {
            JobSpecLoader.Result r = load("""
                    name: a
                    algorithm:
                      image: i

                      bootCommand: c
                    inputs:
                      - dataPath: x
                        name: n
                    """);
            FieldLines lines = r.lines();
            assertThat(lines.exactLine("name")).isEqualTo(1);
            assertThat(lines.exactLine("algorithm.bootCommand")).isEqualTo(5);
            assertThat(lines.exactLine("inputs[0]")).isEqualTo(7);
            assertThat(lines.exactLine("inputs[0].name")).isEqualTo(8);
            assertThat(lines.lineOf("inputs[0].obtainedFrom")).isEqualTo(7);
            assertThat(lines.lineOf("resources.pool")).isEqualTo(FieldLines.UNKNOWN);
            assertThat(lines.lineOf("")).isZero();
            assertThat(lines.orderOf("algorithm.userId")).isEqualTo(2L * 5 + 1);
        }

        @Test
        void parentsOfFieldPaths() {
            assertThat(FieldLines.parent("a.b[2]")).isEqualTo("a.b");
            assertThat(FieldLines.parent("a.b")).isEqualTo("a");
            assertThat(FieldLines.parent("a")).isEmpty();
        }
    }
}

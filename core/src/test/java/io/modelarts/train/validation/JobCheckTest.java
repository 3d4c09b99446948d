package io.modelarts.train.validation;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobCheckTest {

    static Problems checkText(String yaml, ValidationContext ctx) {
        return JobCheck.check(JobSpecLoader.loadText(yaml, "job.yaml", Path.of("/tmp")), ctx);
    }

    @Test
    void everyMistakeOfAFileAtOnceInFileOrder() throws IOException {
        Problems problems = JobCheck.check(TestJobs.resource("many-mistakes.yaml"), TestJobs.withCatalog());
        assertThat(problems.describe()).isEqualTo(Files.readString(TestJobs.resource("many-mistakes.expected.txt")));
        assertThat(problems.warnings()).containsExactly(Problem.warning("environment.MA_JOB_DIR",
                "overrides the preset variable MA_JOB_DIR, which the platform sets for the training code"));
        assertThat(problems.errors()).hasSize(14);
    }

    @Test
    void theContractExampleIsValid() {
        assertThat(JobCheck.check(TestJobs.resource("custom-image.yaml"), TestJobs.withCatalog()).all()).isEmpty();
        assertThat(JobCheck.check(TestJobs.resource("custom-image.json"), ValidationContext.local()).all()).isEmpty();
    }

    @Test
    void aLocalPresetJobWithRelativePathsIsValid() {
        assertThat(JobCheck.check(TestJobs.resource("preset-local.yaml"), ValidationContext.local()).all()).isEmpty();
    }

    @Test
    void aProblemTheLoaderReportedIsNotRepeated() {
        Problems problems = checkText("""
                algorithm:
                  bootMode: customImage
                  image: x/y:1
                  bootCommand: python a.py
                resources:
                  pool: gpu-pool
                  type: TPU
                  flavor: gpu-1x
                inputs:
                  - just-a-string
                  - dataPath: obs://bucket/b/
                    name: second
                """, TestJobs.withCatalog());
        assertThat(problems.all()).containsExactly(
                Problem.error("resources.type", "must be CPU or GPU, not 'TPU'"),
                Problem.error("inputs[0]", "must be a mapping of dataPath, dataset, name, obtainedFrom, version, not text"));
    }

    @Test
    void laterItemsKeepTheirIndexAfterAnUnreadableOne() {
        Problems problems = checkText("""
                algorithm: {image: x/y:1, bootCommand: python a.py}
                inputs:
                  - 42
                  - dataPath: obs://Bad/x
                sfsTurbo:
                  - [not, a, mapping]
                  - {name: a, serverPath: h:/x, localPath: /cache}
                """, ValidationContext.local());
        assertThat(problems.all()).extracting(Problem::field).containsExactly(
                "inputs[0]", "inputs[1].dataPath", "sfsTurbo[0]", "sfsTurbo[1].localPath");
    }

    @Test
    void missingTopLevelFieldsFollowInContractOrder() {
        Problems problems = checkText("""
                priority: 9
                name: "a b"
                """, TestJobs.withCatalog());
        assertThat(problems.all()).extracting(Problem::field).containsExactly("priority", "name", "algorithm", "resources");
    }

    @Test
    void treesWithoutTextAreSortedInContractOrder() {
        var tree = TestJobs.customJob();
        TestJobs.set(tree, "autoStop", "0h");
        TestJobs.set(tree, "name", "");
        TestJobs.set(tree, "unknownKey", 1);
        Problems problems = JobCheck.check(JobSpecLoader.fromTree(tree, null), ValidationContext.local());
        assertThat(problems.all()).extracting(Problem::field).containsExactly("name", "autoStop", "unknownKey");
    }

    @Test
    void aYamlSyntaxErrorIsTheOnlyProblem() {
        Problems problems = checkText("name: a\nalgorithm: [\n", ValidationContext.local());
        assertThat(problems.all()).hasSize(1);
        assertThat(problems.all().get(0).field()).isEmpty();
        assertThat(problems.all().get(0).message()).startsWith("job.yaml is not valid YAML at line 3, column 1:");
    }

    @Test
    void aMissingFileIsOneProblem() {
        Problems problems = JobCheck.check(Path.of("/nonexistent/job.yaml"), ValidationContext.local());
        assertThat(problems.all()).containsExactly(Problem.error("",
                "cannot read job file /nonexistent/job.yaml: NoSuchFileException /nonexistent/job.yaml"));
    }

    @Test
    void coversMeansTheFieldOrInsideIt() {
        assertThat(JobCheck.covers("inputs[0]", "inputs[0].name")).isTrue();
        assertThat(JobCheck.covers("inputs", "inputs[0]")).isTrue();
        assertThat(JobCheck.covers("inputs[0]", "inputs[0]")).isTrue();
        assertThat(JobCheck.covers("inputs[1]", "inputs[10].name")).isFalse();
        assertThat(JobCheck.covers("name", "names")).isFalse();
        assertThat(JobCheck.covers("", "name")).isFalse();
    }

    @Test
    void everyLineOfDescribeIsOneProblem() {
        Problems problems = checkText("name: \"a\\nb\"\nenvironment: {\"X\\rY\": \"1\"}\nalgorithm: {image: x/y:1, bootCommand: \"a\\nb\"}\n",
                ValidationContext.local());
        assertThat(problems.describe().lines().toList()).hasSize(problems.all().size()).hasSize(3);
        assertThat(problems.all()).extracting(Problem::field).isEqualTo(List.of("name", "environment.X\\rY", "algorithm.bootCommand"));
    }
}

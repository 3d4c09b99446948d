package io.modelarts.train.assets;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inputs[].dataset} (+ {@code version}) resolves to the dataset version's path from the assets file. */
class DatasetTest {

    static JobCheck.Checked check(String input, ValidationContext ctx) {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                algorithm: {image: registry.example.com/a:1, bootCommand: python t.py}
                inputs:
                  - %s
                """.formatted(input), "job.yaml", Path.of("/work"));
        return JobCheck.resolveAndCheck(loaded, ctx);
    }

    static JobCheck.Checked check(String input) {
        return check(input, ValidationContext.local().withoutLocalFileChecks().withAssets(TestAssets.catalog()));
    }

    @Test
    void withoutAVersionTheLastOneIsUsed() {
        JobCheck.Checked c = check("{name: data_url, dataset: mnist}");
        assertThat(c.problems().all()).isEmpty();
        assertThat(c.spec().inputs().get(0).dataPath()).isEqualTo("obs://bucket/mnist/v2/");
        assertThat(c.spec().inputs().get(0).datasetVersion()).isEqualTo("v2");
    }

    @Test
    void aVersionPicksItsPath() {
        assertThat(check("{name: data_url, dataset: mnist, version: v1}").spec().inputs().get(0).dataPath())
                .isEqualTo("obs://bucket/mnist/v1/");
    }

    @Test
    void aLocalDatasetPathIsRelativeToTheAssetsFile() {
        assertThat(check("{dataset: imagenet, version: 2012}").spec().inputs().get(0).dataPath())
                .isEqualTo(TestAssets.file().getParent().resolve("data/imagenet").toString());
    }

    @Test
    void anUnknownDatasetListsTheKnownOnes() {
        assertThat(check("{dataset: mnst}").problems().all()).containsExactly(
                Problem.error("inputs[0].dataset", "unknown dataset 'mnst'; known: mnist, imagenet"));
    }

    @Test
    void anUnknownVersionListsTheVersions() {
        assertThat(check("{dataset: mnist, version: v9}").problems().all()).containsExactly(
                Problem.error("inputs[0].version", "dataset mnist has no version 'v9'; its versions: v1, v2"));
    }

    @Test
    void datasetAndDataPathTogetherAreRefused() {
        assertThat(check("{dataset: mnist, dataPath: obs://bucket/x/}").problems().all()).containsExactly(
                Problem.error("inputs[0].dataset", "give dataset or dataPath, not both"));
    }

    @Test
    void aVersionWithoutADatasetIsRefused() {
        assertThat(check("{dataPath: obs://bucket/x/, version: v1}").problems().all()).containsExactly(
                Problem.error("inputs[0].version", "is only used with inputs[0].dataset"));
    }

    @Test
    void withoutAnAssetsFileADatasetIsRefused() {
        assertThat(check("{dataset: mnist}", ValidationContext.local()).problems().all()).containsExactly(
                Problem.error("inputs[0].dataset", "dataset 'mnist' needs an assets file (CLI: --assets FILE; Jenkins: the global"
                        + " configuration or the step's assets parameter)"));
    }
}

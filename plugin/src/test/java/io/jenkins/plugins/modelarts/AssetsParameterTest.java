package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.FilePath;
import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.validation.ValidationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step parameter {@code assets}: an assets file in the workspace that a job's saved algorithm and datasets resolve from. */
class AssetsParameterTest {

    static final String ASSETS = """
            algorithms:
              - id: resnet-train
                image: registry.example.com/team/resnet:1.4
                codeDir: obs://bucket/algorithms/resnet/code/
                bootCommand: python ${MA_JOB_DIR}/code/train.py
                hyperparameters:
                  - {name: lr, type: float, default: "0.01", range: [0.0001, 1.0]}
            datasets:
              - name: mnist
                versions: [{version: v1, dataPath: obs://bucket/mnist/v1/}]
            """;

    @TempDir
    Path tmp;

    @Test
    void theStepPassesItOn() {
        ModelArtsTrainStep step = new ModelArtsTrainStep();
        step.setAssets(" train/assets.yaml ");
        assertThat(step.getAssets()).isEqualTo("train/assets.yaml");
        assertThat(step.parameters().toRequest().assets()).isEqualTo("train/assets.yaml");
        step.setAssets("");
        assertThat(step.parameters().toRequest().assets()).isNull();
    }

    @Test
    void aJobResolvesFromTheWorkspaceFileAndPersistsResolved() throws Exception {
        Files.createDirectories(tmp.resolve("train"));
        Files.writeString(tmp.resolve("train/assets.yaml"), ASSETS);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "saved");
        tree.put("algorithm", Map.of("id", "resnet-train"));
        tree.put("inputs", List.of(Map.of("dataset", "mnist")));
        tree.put("outputs", List.of(Map.of("dataPath", "obs://bucket/out/")));
        tree.put("hyperparameters", Map.of("lr", "0.5"));
        StepRequest req = new StepRequest(tree, null, null, null, null, "train/assets.yaml");

        AssetCatalog assets = JobSetup.assets(req, new FilePath(tmp.toFile()));
        JobSetup.Loaded loaded = JobSetup.load(req, new FilePath(tmp.toFile()));
        JobPreparation prep = JobPreparation.prepare(loaded.result(), null, ValidationContext.local().withAssets(assets));
        assertThat(prep.isReady()).as(prep.problems().toString()).isTrue();
        assertThat(prep.plan().image()).isEqualTo("registry.example.com/team/resnet:1.4");
        assertThat(prep.plan().inputs().get(0).source()).isEqualTo("obs://bucket/mnist/v1/");

        // without the assets file (a resumed step), a job refers to nothing
        assertThat(JobPreparation.prepare(loaded.result(), null, ValidationContext.local()).isReady()).isFalse();
    }

    @Test
    void aMissingOrInvalidFileStopsTheStepWithItsProblems() throws Exception {
        FilePath ws = new FilePath(tmp.toFile());
        StepRequest req = new StepRequest(Map.of(), null, null, null, null, "assets.yaml");
        assertThatThrownBy(() -> JobSetup.assets(req, ws)).isInstanceOf(AbortException.class)
                .hasMessage("The assets file 'assets.yaml' does not exist in the workspace " + tmp + ".");
        assertThatThrownBy(() -> JobSetup.assets(req, null)).isInstanceOf(AbortException.class)
                .hasMessageContaining("is read from the workspace");
        Files.writeString(tmp.resolve("assets.yaml"), "datasets:\n  - {name: mnist}\n");
        assertThatThrownBy(() -> JobSetup.assets(req, ws)).isInstanceOf(AbortException.class)
                .hasMessage("The assets file 'assets.yaml' is invalid:\n  datasets[0].versions: is required: at least one version"
                        + " with its dataPath");
    }

    @Test
    void withoutTheParameterThereIsNoAssetsFile() throws Exception {
        assertThat(JobSetup.assets(new StepRequest(Map.of(), null, null, null, null), new FilePath(tmp.toFile()))).isNull();
    }
}

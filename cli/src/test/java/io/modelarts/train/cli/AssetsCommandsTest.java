package io.modelarts.train.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.modelarts.train.cli.MainTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code algorithms}, {@code datasets} and {@code --assets} on validate, render and run. */
class AssetsCommandsTest {

    static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("examples/saved-algorithm");
    static final String ASSETS = EXAMPLE.resolve("assets.yaml").toString();

    @TempDir
    Path tmp;

    @Test
    void algorithmsListsIdsVersionsChannelsAndHyperparameters() {
        MainTest.Result r = cli("algorithms", "--assets", ASSETS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("""
                logistic-regression  versions: 1 (a job without a version gets 1)
                  v1  Logistic regression, standard library only
                    starts: customImage, image python:3.11-slim, boot command python3 ${MA_JOB_DIR}/code/train.py
                    code: %s
                    inputs: data_url (required)
                    outputs: train_url (required)
                    hyperparameters: epochs (int, default 30, range 1..1000), learning_rate (float, default 1.0, range 0.001..10)
                    resources: types CPU, at most 1 node
                """.formatted(EXAMPLE.getParent().resolve("logistic-regression/code")));
    }

    @Test
    void datasetsListsVersionsAndPaths() {
        MainTest.Result r = cli("datasets", "--assets", ASSETS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("""
                two-class  the generated two-class data set
                  v1  %s  (default)
                """.formatted(EXAMPLE.getParent().resolve("logistic-regression/data")));
    }

    @Test
    void anInvalidAssetsFileExitsTwoWithItsProblems() throws IOException {
        Path bad = tmp.resolve("assets.yaml");
        Files.writeString(bad, "algorithms:\n  - {id: a, hyperparameters: [{name: n, type: int, default: x}]}\n");
        for (String command : List.of("algorithms", "datasets")) {
            MainTest.Result r = cli(command, "--assets", bad.toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("assets.yaml: algorithms[0].hyperparameters[0].default: must be a whole number (type int), not 'x'\n");
        }
    }

    @Test
    void aMissingAssetsFileExitsOne() {
        MainTest.Result r = cli("algorithms", "--assets", tmp.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("assets file", "does not exist");
        assertThat(cli("datasets").code()).isEqualTo(1); // --assets is required
    }

    @Test
    void validateResolvesWithAssets() {
        MainTest.Result r = cli("validate", EXAMPLE.resolve("job.yaml").toString(), "--assets", ASSETS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("valid\n");
    }

    @Test
    void validateWithoutAssetsNamesWhatIsMissing() {
        MainTest.Result r = cli("validate", EXAMPLE.resolve("job.yaml").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("algorithm.id: saved algorithm 'logistic-regression' needs an assets file",
                "inputs[0].dataset: dataset 'two-class' needs an assets file");
    }

    @Test
    void validateChecksTheJobAgainstTheAlgorithm() throws IOException {
        Path job = tmp.resolve("job.yaml");
        Files.writeString(job, Files.readString(EXAMPLE.resolve("job.yaml")).replace("epochs: 20", "epochs: 2000"));
        MainTest.Result r = cli("validate", job.toString(), "--assets", ASSETS);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("hyperparameters.epochs: must be at most 1000 (algorithm logistic-regression v1)\n");
    }

    @Test
    void renderShowsTheResolvedAlgorithm() throws IOException {
        Path job = tmp.resolve("job.yaml");
        Files.writeString(job, """
                name: saved
                algorithm: {id: resnet}
                inputs: [{dataset: images}]
                outputs: [{dataPath: obs://bucket/out/}]
                hyperparameters: {lr: 0.10}
                """);
        Path assets = tmp.resolve("assets.yaml");
        Files.writeString(assets, """
                algorithms:
                  - id: resnet
                    image: registry.example.com/team/resnet:1.4
                    codeDir: obs://bucket/algorithms/resnet/code/
                    bootCommand: python ${MA_JOB_DIR}/code/train.py
                    hyperparameters: [{name: lr, type: float, default: "0.01"}]
                datasets:
                  - {name: images, versions: [{version: v1, dataPath: obs://bucket/images/v1/}]}
                """);
        MainTest.Result r = ValidateMessagesTest.cliWithRenderer("render", job.toString(), "--assets", assets.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("registry.example.com/team/resnet:1.4", "obs:bucket/images/v1", "--lr=0.10");
    }

    @Test
    void runTrainsTheSavedAlgorithmOnTheDataset() {
        MainTest.Result r = cli("run", EXAMPLE.resolve("job.yaml").toString(), "--assets", ASSETS,
                "--store", tmp.resolve("store").toString(), "--work-dir", tmp.resolve("jobs").toString(),
                "--artifacts", tmp.resolve("artifacts").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("epoch  20/20", "Job Completed");
        assertThat(tmp.resolve("artifacts/job-spec.effective.yaml")).content()
                .contains("# algorithm: saved algorithm logistic-regression v1 of the assets file, resolved below",
                        "# inputs[0]: dataset two-class version v1");
    }
}

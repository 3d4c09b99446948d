package io.modelarts.train.assets;

import io.modelarts.train.rules.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The assets file is checked before any job uses it; each mistake names its field. */
class AssetCatalogLoaderTest {

    static List<Problem> problems(String yaml) {
        return AssetCatalogLoader.loadText(yaml, "assets.yaml", Path.of("/work")).problems();
    }

    @Test
    void theTestFileIsValid() {
        AssetCatalog c = TestAssets.catalog();
        assertThat(c.algorithmIds()).containsExactly("resnet-train", "mnist-preset");
        assertThat(c.versionsOf("resnet-train")).extracting(SavedAlgorithm::version).containsExactly(1, 2);
        assertThat(c.algorithm("mnist-preset", null).orElseThrow().version()).isEqualTo(1);
        assertThat(c.dataset("mnist").orElseThrow().latest().orElseThrow().version()).isEqualTo("v2");
    }

    @Test
    void aDefaultMustFitItsOwnDefinition() {
        assertThat(problems("""
                algorithms:
                  - id: a
                    hyperparameters:
                      - {name: lr, type: float, default: "2", range: [0, 1]}
                      - {name: n, type: int, default: many}
                      - {name: o, type: enum, values: [x, y], default: z}
                """)).containsExactly(
                Problem.error("algorithms[0].hyperparameters[0].default", "must be at most 1"),
                Problem.error("algorithms[0].hyperparameters[1].default", "must be a whole number (type int), not 'many'"),
                Problem.error("algorithms[0].hyperparameters[2].default", "must be one of x, y, not 'z'"));
    }

    @Test
    void definitionsThatCannotWorkAreRefused() {
        assertThat(problems("""
                algorithms:
                  - id: a
                    hyperparameters:
                      - {name: e, type: enum}
                      - {name: s, type: string, range: [1, 2]}
                      - {name: r, type: int, range: [5, 1]}
                      - {name: f, type: int, editable: false}
                      - {name: t, type: text}
                """)).containsExactly(
                Problem.error("algorithms[0].hyperparameters[0].values", "is required for an enum: the values a job may choose from"),
                Problem.error("algorithms[0].hyperparameters[1].range", "applies to int and float hyperparameters only (this one is string)"),
                Problem.error("algorithms[0].hyperparameters[2].range", "min 5 is larger than max 1"),
                Problem.error("algorithms[0].hyperparameters[3].editable", "false needs a default: a job may not set this hyperparameter"),
                Problem.error("algorithms[0].hyperparameters[4].type", "must be string, int, float, bool or enum, not 'text'"));
    }

    @Test
    void aVersionDefinedTwiceIsRefused() {
        assertThat(problems("""
                algorithms:
                  - {id: a, version: 2}
                  - {id: a, version: 2}
                  - {id: "bad id"}
                """)).containsExactly(
                Problem.error("algorithms[1].version", "algorithm a v2 is defined twice"),
                Problem.error("algorithms[2].id", "must be 1-64 characters of letters, digits, '-' and '_' (found ' ' at position 4)"));
    }

    @Test
    void datasetsNeedVersionsWithUsablePaths() {
        assertThat(problems("""
                datasets:
                  - name: a
                  - name: b
                    versions:
                      - {version: v1, dataPath: "https://x/y"}
                      - {version: v2, dataPath: obs://b/x}
                      - {version: v2, dataPath: obs://bucket/x}
                """)).containsExactly(
                Problem.error("datasets[0].versions", "is required: at least one version with its dataPath"),
                Problem.error("datasets[1].versions[0].dataPath", "uses the unsupported scheme 'https://'; use obs://, s3:// or a local folder"),
                Problem.error("datasets[1].versions[1].dataPath", "bucket name 'b' must be 3-63 characters (got 1)"),
                Problem.error("datasets[1].versions[2].version", "'v2' is defined twice"));
    }

    @Test
    void unknownKeysAreNamed() {
        assertThat(problems("algorithms:\n  - {id: a, imagee: x}\n")).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("algorithms[0].imagee: unknown key (did you mean 'image'?)"));
    }
}

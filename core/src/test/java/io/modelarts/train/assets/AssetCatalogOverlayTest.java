package io.modelarts.train.assets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AssetCatalog#overriddenBy}: a team's assets file on top of shared ones. */
class AssetCatalogOverlayTest {

    static AssetCatalog load(String yaml) {
        AssetCatalogLoader.Result r = AssetCatalogLoader.loadText(yaml, "assets.yaml", null);
        assertThat(r.problems()).isEmpty();
        return r.catalog();
    }

    static final AssetCatalog SHARED = load("""
            algorithms:
              - {id: resnet, version: 1, image: registry.example.com/resnet:1, bootCommand: python train.py}
              - {id: resnet, version: 2, image: registry.example.com/resnet:2, bootCommand: python train.py}
              - {id: bert, image: registry.example.com/bert:1, bootCommand: python train.py}
            datasets:
              - {name: mnist, versions: [{version: v1, dataPath: obs://central/mnist/v1/}]}
              - {name: cifar, versions: [{version: v1, dataPath: obs://central/cifar/v1/}]}
            """);

    @Test
    void theSameVersionOrDatasetIsReplacedAndNewOnesAreAdded() {
        AssetCatalog team = load("""
                algorithms:
                  - {id: resnet, version: 2, image: registry.example.com/team/resnet:2b, bootCommand: python train.py}
                  - {id: resnet, version: 3, image: registry.example.com/team/resnet:3, bootCommand: python train.py}
                datasets:
                  - {name: mnist, versions: [{version: v9, dataPath: obs://team/mnist/v9/}]}
                """);

        AssetCatalog both = SHARED.overriddenBy(team);

        assertThat(both.algorithm("resnet", 1).orElseThrow().algorithm().image()).isEqualTo("registry.example.com/resnet:1");
        assertThat(both.algorithm("resnet", 2).orElseThrow().algorithm().image()).isEqualTo("registry.example.com/team/resnet:2b");
        assertThat(both.algorithm("resnet", null).orElseThrow().version()).isEqualTo(3);
        assertThat(both.versionsOf("resnet")).hasSize(3);
        assertThat(both.algorithm("bert", null)).isPresent();
        assertThat(both.dataset("mnist").orElseThrow().latest().orElseThrow().dataPath()).isEqualTo("obs://team/mnist/v9/");
        assertThat(both.dataset("mnist").orElseThrow().version("v1")).as("a dataset is replaced whole").isEmpty();
        assertThat(both.dataset("cifar")).isPresent();
    }

    @Test
    void nothingOnTopIsTheSameCatalog() {
        assertThat(SHARED.overriddenBy(null)).isSameAs(SHARED);
        assertThat(SHARED.overriddenBy(AssetCatalog.EMPTY)).isEqualTo(SHARED);
        assertThat(AssetCatalog.EMPTY.overriddenBy(SHARED)).isEqualTo(SHARED);
    }
}

package io.modelarts.train.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool names the cluster it lives in; on the command line that is a kubeconfig context. */
class PoolClusterTest {

    private static final String CATALOG = """
            pools:
              - {name: a, type: dedicated, namespace: ml-a, cluster: prod-a}
              - {name: b, type: dedicated, namespace: ml-b, cluster: prod-b}
              - {name: c, type: dedicated, namespace: ml-b, cluster: prod-c}
              - {name: plain, type: public, namespace: ml-p}
            kubernetes: {context: default-ctx}
            """;

    @Test
    void aPoolsClusterIsReadAndBlankIsRefused() {
        PoolCatalogLoader.Result r = PoolCatalogLoader.loadText(CATALOG, "pools.yaml");
        assertThat(r.problems()).isEmpty();
        assertThat(r.catalog().pool("a").orElseThrow().cluster()).isEqualTo("prod-a");
        assertThat(r.catalog().pool("plain").orElseThrow().cluster()).isNull();

        PoolCatalogLoader.Result blank = PoolCatalogLoader.loadText("pools: [{name: a, type: public, cluster: ' '}]\n", "pools.yaml");
        assertThat(blank.problems()).extracting(Object::toString).anyMatch(p -> p.contains("pools[0].cluster") && p.contains("must name a cluster"));
        PoolCatalogLoader.Result typo = PoolCatalogLoader.loadText("pools: [{name: a, type: public, clustr: x}]\n", "pools.yaml");
        assertThat(typo.problems()).extracting(Object::toString).anyMatch(p -> p.contains("cluster"));
    }

    @Test
    void theCommandLineUsesThePoolsClusterAsTheKubeconfigContext() {
        PoolCatalog catalog = PoolCatalogLoader.loadText(CATALOG, "pools.yaml").catalog();
        assertThat(catalog.forPool("a").kubernetes().context()).isEqualTo("prod-a");
        assertThat(catalog.forPool("plain").kubernetes().context()).isEqualTo("default-ctx");
        assertThat(catalog.forPool(null).kubernetes().context()).isEqualTo("default-ctx");
        assertThat(catalog.forPool("a").pools()).isEqualTo(catalog.pools());
        assertThat(catalog.forPool("a").kubernetes().transferImage()).isEqualTo(catalog.kubernetes().transferImage());

        assertThat(catalog.forNamespace("ml-a").kubernetes().context()).isEqualTo("prod-a");
        // two pools of one namespace in different clusters: no guess, the catalog's context
        assertThat(catalog.forNamespace("ml-b").kubernetes().context()).isEqualTo("default-ctx");
        assertThat(catalog.forNamespace(null).kubernetes().context()).isEqualTo("default-ctx");
    }
}

package io.modelarts.train.assets;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The assets file of the tests ({@code assets/assets.yaml}). */
public final class TestAssets {

    private TestAssets() {
    }

    public static Path file() {
        try {
            return Path.of(TestAssets.class.getResource("/assets/assets.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AssetCatalog catalog() {
        AssetCatalogLoader.Result r = AssetCatalogLoader.load(file());
        if (r.hasErrors()) {
            throw new IllegalStateException("test assets have problems: " + r.problems());
        }
        return r.catalog();
    }
}

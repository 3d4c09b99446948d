package io.modelarts.train.cli;

import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.assets.AssetCatalogLoader;
import io.modelarts.train.rules.Problem;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads {@code --assets FILE} for the listing commands: a missing file is exit 1, an invalid one exit 2 with its problems. */
final class AssetsFile {

    private AssetsFile() {
    }

    /** The catalog, or {@code null} after printing the file's problems to {@code err} (the caller exits 2). */
    static AssetCatalog load(Path file, PrintWriter err) {
        Inputs.requireReadable(file, "assets file");
        AssetCatalogLoader.Result r = AssetCatalogLoader.load(file);
        if (r.hasErrors()) {
            for (Problem p : r.problems()) {
                err.println(p.field().isEmpty() ? p.toString() : file.getFileName() + ": " + p);
            }
            err.flush();
            return null;
        }
        return r.catalog();
    }
}

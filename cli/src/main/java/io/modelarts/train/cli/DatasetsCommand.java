package io.modelarts.train.cli;

import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.assets.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"Lists the datasets of an assets file: each dataset's versions and their paths.",
                "A job input uses one with dataset: NAME (and optionally version: V; the last version by default)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the assets file cannot be read", "2:the assets file is invalid"})
final class DatasetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--assets", paramLabel = "FILE", required = true, description = "The assets file.")
    Path assets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AssetCatalog catalog = AssetsFile.load(assets, spec.commandLine().getErr());
        if (catalog == null) {
            return ExitCodes.INVALID;
        }
        if (catalog.datasets().isEmpty()) {
            out.println("no datasets in " + assets);
        }
        for (Dataset d : catalog.datasets()) {
            out.println(d.name() + (d.description() == null ? "" : "  " + d.description()));
            String latest = d.latest().map(Dataset.Version::version).orElse(null);
            for (Dataset.Version v : d.versions()) {
                out.println("  " + v.version() + "  " + v.dataPath() + (v.version().equals(latest) ? "  (default)" : ""));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}

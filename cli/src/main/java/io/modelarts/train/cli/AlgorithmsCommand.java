package io.modelarts.train.cli;

import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.assets.ChannelDefinition;
import io.modelarts.train.assets.HyperparameterDefinition;
import io.modelarts.train.assets.ResourceConstraints;
import io.modelarts.train.assets.SavedAlgorithm;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.BootMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "algorithms", mixinStandardHelpOptions = true,
        description = {"Lists the saved algorithms of an assets file (\"My algorithms\"): each id with its versions, channels,",
                "hyperparameters and resource constraints. A job uses one with algorithm: {id: ..., version: ...}."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the assets file cannot be read", "2:the assets file is invalid"})
final class AlgorithmsCommand implements Callable<Integer> {

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
        if (catalog.algorithms().isEmpty()) {
            out.println("no saved algorithms in " + assets);
        }
        for (String id : catalog.algorithmIds()) {
            List<SavedAlgorithm> versions = catalog.versionsOf(id);
            out.println(id + "  versions: " + versions.stream().map(v -> String.valueOf(v.version())).collect(Collectors.joining(", "))
                    + " (a job without a version gets " + versions.get(versions.size() - 1).version() + ")");
            for (SavedAlgorithm v : versions) {
                out.println("  v" + v.version() + (v.description() == null ? "" : "  " + v.description()));
                out.println("    starts: " + starts(v.algorithm()));
                if (v.algorithm().codeDir() != null) {
                    out.println("    code: " + v.algorithm().codeDir());
                }
                out.println("    inputs: " + channels(v.inputs()));
                out.println("    outputs: " + channels(v.outputs()));
                out.println("    hyperparameters: " + (v.hyperparameters().isEmpty() ? "none"
                        : v.hyperparameters().stream().map(HyperparameterDefinition::describe).collect(Collectors.joining(", ")))
                        + (v.customHyperparameters() ? "; a job may add its own" : ""));
                String constraints = constraints(v.resources());
                if (!constraints.isEmpty()) {
                    out.println("    resources: " + constraints);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String starts(Algorithm a) {
        if (a.bootMode() == BootMode.PRESET_IMAGE) {
            return "presetImage, engine " + a.engine() + ", boot file " + a.bootFile();
        }
        return (a.bootMode() == null ? "" : a.bootMode().yamlName() + ", ") + "image " + a.image() + ", boot command " + a.bootCommand();
    }

    private static String channels(List<ChannelDefinition> channels) {
        return channels.isEmpty() ? "none"
                : channels.stream().map(c -> c.name() + (c.required() ? " (required)" : "")).collect(Collectors.joining(", "));
    }

    private static String constraints(ResourceConstraints c) {
        StringBuilder s = new StringBuilder();
        if (!c.types().isEmpty()) {
            s.append("types ").append(c.types().stream().map(Enum::name).collect(Collectors.joining("|")));
        }
        if (!c.flavors().isEmpty()) {
            s.append(s.length() == 0 ? "" : ", ").append("flavors ").append(String.join("|", c.flavors()));
        }
        if (c.maxNodes() != null) {
            s.append(s.length() == 0 ? "" : ", ").append("at most ").append(c.maxNodes()).append(c.maxNodes() == 1 ? " node" : " nodes");
        }
        return s.toString();
    }
}

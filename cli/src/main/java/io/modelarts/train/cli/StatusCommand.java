package io.modelarts.train.cli;

import io.modelarts.train.pool.PoolCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows the status of a submitted job.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:found", "1:not found, or another error"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    JobReference ref;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PoolCatalog catalog = Kube.catalog(ref.pools);
        Optional<String> status = ref.findIn(catalog, (c, ns) -> main.cluster().status(c, ns, ref.name));
        if (status.isEmpty()) {
            throw ref.notFound(catalog);
        }
        out.println(status.get());
        out.flush();
        return ExitCodes.OK;
    }
}

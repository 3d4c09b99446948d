package io.modelarts.train.cli;

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
        Optional<String> status = main.cluster().status(Kube.catalog(ref.pools).forNamespace(ref.namespace), ref.namespace, ref.name);
        if (status.isEmpty()) {
            throw new CliException(ExitCodes.ERROR, "job " + ref.name + " not found");
        }
        out.println(status.get());
        out.flush();
        return ExitCodes.OK;
    }
}

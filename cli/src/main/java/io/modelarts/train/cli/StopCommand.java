package io.modelarts.train.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a submitted job (deletes it with its pods).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", "1:not found, already ended, or another error"})
final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    JobReference ref;

    @Override
    public Integer call() {
        if (!main.cluster().stop(Kube.catalog(ref.pools).forNamespace(ref.namespace), ref.namespace, ref.name, "stopped with modelarts-train stop")) {
            throw new CliException(ExitCodes.ERROR, "job " + ref.name + " not found");
        }
        spec.commandLine().getOut().println("stopped " + ref.name);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

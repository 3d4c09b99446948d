package io.modelarts.train.cli;

import io.modelarts.train.backend.kubernetes.KubernetesJobQueries.StopOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a submitted job (deletes it with its pods).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", "1:not found, already ended, pods still terminating at the stop timeout, or another error"})
final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    JobReference ref;

    @Override
    public Integer call() {
        StopOutcome outcome = main.cluster().stop(Kube.catalog(ref.pools).forNamespace(ref.namespace), ref.namespace, ref.name, "stopped with modelarts-train stop");
        switch (outcome) {
            case NOT_FOUND -> throw new CliException(ExitCodes.ERROR, "job " + ref.name + " not found");
            case TIMED_OUT -> throw new CliException(ExitCodes.ERROR, "stopping " + ref.name
                    + " timed out: its Kubernetes Jobs are deleted, but its pods were still terminating at the end of the stop timeout");
            case INTERRUPTED -> throw new CliException(ExitCodes.ERROR, "stopping " + ref.name
                    + " was interrupted: its deletion was requested, but not waited for");
            case STOPPED -> {
                // below
            }
        }
        spec.commandLine().getOut().println("stopped " + ref.name);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

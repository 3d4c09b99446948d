package io.modelarts.train.cli;

import io.modelarts.train.backend.kubernetes.KubernetesJobQueries.StopOutcome;
import io.modelarts.train.pool.PoolCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Optional;
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
        PoolCatalog catalog = Kube.catalog(ref.pools);
        StopOutcome outcome = ref.findIn(catalog, (c, ns) -> Optional.of(main.cluster().stop(c, ns, ref.name, "stopped with modelarts-train stop"))
                .filter(o -> o != StopOutcome.NOT_FOUND)).orElse(StopOutcome.NOT_FOUND);
        switch (outcome) {
            case NOT_FOUND -> throw ref.notFound(catalog);
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

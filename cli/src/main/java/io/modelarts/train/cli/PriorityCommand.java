package io.modelarts.train.cli;

import io.modelarts.train.pool.PoolCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "priority", mixinStandardHelpOptions = true,
        description = {"Changes a Pending job's priority (1-3), as ModelArts allows. A job that already runs is refused.",
                "Kueue pools (queue) only: a pool of plain PriorityClasses cannot change a created pod's priority."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:changed", "1:not found, not pending, the pool cannot change it, or another error",
                "2:an invalid priority (or 3 without --allow-highest-priority, or one the pool does not map)"})
final class PriorityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    JobReference ref;

    @Parameters(index = "1", paramLabel = "PRIORITY", description = "1, 2 or 3.")
    String priority;

    @Option(names = "--allow-highest-priority", description = "The user holds the permission for priority 3.")
    boolean allowHighestPriority;

    @Override
    public Integer call() {
        int level;
        try {
            level = Integer.parseInt(priority.strip());
        } catch (NumberFormatException e) {
            level = -1;
        }
        if (level < 1 || level > 3) {
            throw new CliException(ExitCodes.INVALID, "priority: must be 1, 2 or 3 (got '" + priority + "')");
        }
        if (level == 3 && !allowHighestPriority) {
            throw new CliException(ExitCodes.INVALID,
                    "priority: 3 needs the \"highest job priority\" permission (--allow-highest-priority); without it use 1 or 2");
        }
        if (ref.pools == null) {
            throw new CliException(ExitCodes.ERROR, "--pools FILE is needed: the pool catalog maps priorities to priority classes");
        }
        PoolCatalog catalog = Kube.catalog(ref.pools);
        int wanted = level;
        Optional<String> changed = ref.findIn(catalog, (c, ns) -> main.cluster().changePriority(c, ns, ref.name, wanted));
        if (changed.isEmpty()) {
            throw ref.notFound(catalog);
        }
        spec.commandLine().getOut().println(changed.get());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

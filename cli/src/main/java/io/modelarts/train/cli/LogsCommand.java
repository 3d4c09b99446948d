package io.modelarts.train.cli;

import io.modelarts.train.events.JobResult;
import io.modelarts.train.logs.ConsoleSink;
import io.modelarts.train.logs.WorkerPrefixSink;
import io.modelarts.train.pool.PoolCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints the logs of a submitted job, each line prefixed by its worker.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:found", "1:not found, or another error"})
final class LogsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    JobReference ref;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the job ends.")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        ConsoleSink console = new ConsoleSink(spec.commandLine().getOut());
        PoolCatalog catalog = Kube.catalog(ref.pools);
        WorkerPrefixSink sink = new WorkerPrefixSink(console);
        Optional<CompletableFuture<JobResult>> done = ref.findIn(catalog, (c, ns) -> main.cluster().logs(c, ns, ref.name, follow, sink));
        if (done.isEmpty()) {
            throw ref.notFound(catalog);
        }
        try {
            done.get().get();
        } catch (ExecutionException e) {
            throw new CliException(ExitCodes.ERROR, "reading the logs of " + ref.name + " failed: " + e.getCause().getMessage());
        }
        return ExitCodes.OK;
    }
}

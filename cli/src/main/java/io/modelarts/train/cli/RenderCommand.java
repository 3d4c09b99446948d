package io.modelarts.train.cli;

import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.rules.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Prints the Kubernetes objects the job would create, as YAML documents. Nothing is created.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rendered", "1:another error", "2:the job definition is invalid"})
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job file (YAML or JSON).")
    Path job;

    @Option(names = "--pools", paramLabel = "FILE", description = "The pool catalog (namespaces, flavors, engines).")
    Path pools;

    @Option(names = "--allow-highest-priority", description = "The user holds the permission for priority 3.")
    boolean allowHighestPriority;

    @Option(names = "--assets", paramLabel = "FILE",
            description = "An assets file: the saved algorithms (algorithm.id) and datasets (inputs[].dataset) the job refers to.")
    Path assets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobPreparation prep = Inputs.prepare(job, pools, assets, allowHighestPriority);
        if (!prep.isReady()) {
            for (Problem p : prep.problems().all()) {
                err.println(p);
            }
            err.flush();
            return ExitCodes.INVALID;
        }
        List<String> documents = main.cluster().render(prep.plan(), prep.catalog());
        for (String doc : documents) {
            out.println("---");
            out.print(doc.endsWith("\n") ? doc : doc + "\n");
        }
        out.flush();
        return ExitCodes.OK;
    }
}

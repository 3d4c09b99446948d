package io.modelarts.train.cli;

import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.rules.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks every rule of a job file and reports all problems at once.",
                "Prints 'valid' (and any warnings), or one line per problem: <field path>: <message>."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:the job file, pool catalog or assets file cannot be read", "2:invalid"})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job file (YAML or JSON).")
    Path job;

    @Option(names = "--pools", paramLabel = "FILE", description = "A pool catalog: pools, flavors and engines to check resources against.")
    Path pools;

    @Option(names = "--allow-highest-priority", description = "The user holds the permission for priority 3.")
    boolean allowHighestPriority;

    @Option(names = "--assets", paramLabel = "FILE",
            description = "An assets file: the saved algorithms (algorithm.id) and datasets (inputs[].dataset) the job refers to.")
    Path assets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JobPreparation prep = Inputs.prepare(job, pools, assets, allowHighestPriority);
        if (prep.problems().hasErrors()) {
            for (Problem p : prep.problems().all()) {
                out.println(p);
            }
            out.flush();
            return ExitCodes.INVALID;
        }
        out.println("valid");
        for (Problem w : prep.problems().warnings()) {
            out.println(w);
        }
        out.flush();
        return ExitCodes.OK;
    }
}

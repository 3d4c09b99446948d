package io.modelarts.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code modelarts-train}: validate, render, run and inspect ModelArts-style training jobs.
 * Exit codes: 0 valid/completed, 1 other error, 2 invalid job, 3 job Failed/Abnormal/Terminated.
 */
@Command(name = "modelarts-train",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Validate and run ModelArts-style training jobs, locally or on Kubernetes.",
        subcommands = {ValidateCommand.class, RenderCommand.class, RunCommand.class, StatusCommand.class, LogsCommand.class,
                StopCommand.class, PriorityCommand.class, AlgorithmsCommand.class, DatasetsCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  valid / job Completed", "  1  other error (unreadable file, bad option, not found)",
                "  2  the job definition is invalid", "  3  the job ended Failed, Abnormal or Terminated",
                "  4  the job completed but its regression gate failed (Regressed)"})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    private final ClusterAccess cluster;

    public Main(ClusterAccess cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    public Main() {
        this(new KubernetesClusterAccess());
    }

    ClusterAccess cluster() {
        return cluster;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** The command on this process's stdout and stderr. */
    public static CommandLine commandLine() {
        return commandLine(utf8(System.out), utf8(System.err), new KubernetesClusterAccess());
    }

    /** The command writing to {@code out} and {@code err} (tests capture them), with the given cluster access. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, ClusterAccess cluster) {
        CommandLine cmd = new CommandLine(new Main(cluster));
        cmd.setOut(out);
        cmd.setErr(err);
        // exit 2 means "the job is invalid"; a mistyped command line is another kind of error
        cmd.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            PrintWriter w = c.getErr();
            w.println("modelarts-train: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, w)) {
                w.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            w.flush();
            return ExitCodes.ERROR;
        });
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (e instanceof CliException c) {
                w.println("modelarts-train: " + c.getMessage());
                w.flush();
                return c.exitCode();
            }
            // never a stack trace for the user; the class name helps a bug report
            w.println("modelarts-train: unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            w.flush();
            return ExitCodes.ERROR;
        });
        return cmd;
    }

    private static PrintWriter utf8(java.io.PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"modelarts-train " + (v == null ? "(development build)" : v)};
        }
    }
}

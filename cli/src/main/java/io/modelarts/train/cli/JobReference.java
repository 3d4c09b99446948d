package io.modelarts.train.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The arguments shared by status, logs and stop: a job name, a pool catalog and a namespace. */
final class JobReference {

    @Parameters(index = "0", paramLabel = "NAME", description = "The job's name from its job file, or its Kubernetes name.")
    String name;

    @Option(names = "--pools", paramLabel = "FILE", description = "The pool catalog (for its Kubernetes settings).")
    Path pools;

    @Option(names = "--namespace", paramLabel = "NS", description = "The namespace (default: the kubeconfig context's).")
    String namespace;
}

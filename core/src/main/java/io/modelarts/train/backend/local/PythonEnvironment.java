package io.modelarts.train.backend.local;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.ShellQuoting;
import io.modelarts.train.spec.BootMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A preset job's Python on this machine, made as a ModelArts preset image would have it: a virtual environment of
 * the job's own ({@code python3 -m venv --system-site-packages}, so the machine's frameworks stay importable while
 * nothing is installed into the system Python), with the code dir's {@code pip-requirements.txt} (or
 * {@code requirements.txt}) installed into it before the boot file runs. Custom-image jobs run their boot command
 * as written and get none of this.
 */
final class PythonEnvironment {

    /** Where the environment goes, inside the job's folder (removed with it). */
    static final String VENV_DIR = ".venv";

    /** Runs one set-up command in a directory and returns its exit code; its output is the job's log. */
    @FunctionalInterface
    interface Runner {
        int run(List<String> command, Path directory) throws IOException;
    }

    /** The environment could not be made or the dependencies not installed; the message says which. */
    static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;

        SetupException(String message) {
            super(message);
        }
    }

    private PythonEnvironment() {
    }

    /**
     * Makes the environment and installs the requirements for a preset job.
     *
     * @param python the configured interpreter command ({@code python3}, {@code /opt/conda/bin/python -u}): the
     *               environment is made from its first word, and its other words are kept for the job
     * @return the interpreter command the job runs with, or {@code null} for a custom-image job
     */
    static String prepare(JobPlan plan, Path root, JobDirectoryMapper mapper, String python, JobEventSink events, Runner runner)
            throws SetupException {
        if (plan.bootMode() != BootMode.PRESET_IMAGE) {
            return null;
        }
        List<String> words = Arrays.asList(python.strip().split("\\s+"));
        Path venv = root.resolve(VENV_DIR);
        Path venvPython = venv.resolve("bin").resolve("python");
        events.info("Creating the job's Python environment: " + words.get(0) + " -m venv --system-site-packages " + venv);
        // without pip: the machine's pip serves the environment too, and the environment is made in a second
        run(runner, root, "creating the job's Python environment (" + words.get(0) + " -m venv) failed",
                words.get(0), "-m", "venv", "--system-site-packages", "--without-pip", venv.toString());
        List<String> jobWords = new ArrayList<>();
        jobWords.add(ShellQuoting.quote(venvPython.toString()));
        jobWords.addAll(words.subList(1, words.size()));
        String jobPython = String.join(" ", jobWords);

        Path codeDir = plan.code() == null ? null : mapper.path(plan.code().containerDir());
        String requirements = codeDir == null ? null : JobPlan.REQUIREMENTS_FILES.stream()
                .filter(f -> Files.isRegularFile(codeDir.resolve(f))).findFirst().orElse(null);
        if (requirements == null) {
            return jobPython;
        }
        if (quietly(runner, codeDir, venvPython.toString(), "-m", "pip", "--version") != 0) {
            events.info("pip is not available to the job's Python environment; adding it (python -m ensurepip)");
            run(runner, codeDir, "adding pip to the job's Python environment failed", venvPython.toString(), "-m", "ensurepip",
                    "--default-pip");
        }
        events.info("Installing the dependencies in " + requirements);
        run(runner, codeDir, "installing the dependencies in " + requirements + " failed; the boot file was not run",
                venvPython.toString(), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r", requirements);
        events.info("Dependencies in " + requirements + " installed");
        return jobPython;
    }

    private static void run(Runner runner, Path dir, String failure, String... command) throws SetupException {
        int code;
        try {
            code = runner.run(List.of(command), dir);
        } catch (IOException e) {
            throw new SetupException(failure + ": " + e.getMessage());
        }
        if (code != 0) {
            throw new SetupException(failure + " (exit code " + code + ")");
        }
    }

    private static int quietly(Runner runner, Path dir, String... command) {
        try {
            return runner.run(List.of(command), dir);
        } catch (IOException e) {
            return -1;
        }
    }
}

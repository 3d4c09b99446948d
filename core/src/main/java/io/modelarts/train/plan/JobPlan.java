package io.modelarts.train.plan;

import io.modelarts.train.pool.Engine;
import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.JobSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated job turned into what every backend needs, independent of where it runs: the image,
 * the boot command with its quoted arguments, the container-contract environment, channels, code,
 * resources, attempts and deadline. Paths are container paths; a {@link PathMapper} moves them.
 *
 * @param image          the container image; {@code null} for a preset engine without a catalog (local runs)
 * @param bootFile       preset-image mode: the boot file's container path, run with {@code python}
 * @param pool           the pool from the catalog, or {@code null} without one
 * @param flavor         the flavor from the catalog, or {@code null} without one
 * @param pathVariables  names of {@code environment} entries whose values are container paths
 * @param deadline       auto stop, or {@code null} when off
 * @param submissionKey  what makes this submission unique beside the job's name (a Jenkins run and step,
 *                       a CLI invocation); backends derive their idempotent object names from both, so a
 *                       retry of the same submission attaches while a new run of the same job file does not
 */
public record JobPlan(
        JobSpec spec,
        BootMode bootMode,
        String image,
        String bootCommand,
        String bootFile,
        List<Argument> arguments,
        Map<String, String> environment,
        Set<String> pathVariables,
        String workDir,
        CodePlan code,
        List<ChannelPlan> inputs,
        List<ChannelPlan> outputs,
        Pool pool,
        Flavor flavor,
        int nodes,
        int attempts,
        Duration deadline,
        String submissionKey) {

    public JobPlan {
        arguments = List.copyOf(arguments);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        pathVariables = Set.copyOf(pathVariables);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public String jobName() {
        return spec.name();
    }

    /** This plan for another submission (same job, new idempotency key). */
    public JobPlan withSubmissionKey(String key) {
        return new JobPlan(spec, bootMode, image, bootCommand, bootFile, arguments, environment, pathVariables, workDir, code,
                inputs, outputs, pool, flavor, nodes, attempts, deadline, key);
    }

    /** This plan with its code and inputs read from elsewhere (e.g. local folders staged to the object store). */
    public JobPlan withSources(CodePlan newCode, List<ChannelPlan> newInputs) {
        return new JobPlan(spec, bootMode, image, bootCommand, bootFile, arguments, environment, pathVariables, workDir, newCode,
                newInputs, outputs, pool, flavor, nodes, attempts, deadline, submissionKey);
    }

    /** This plan with another auto-stop duration (a later attempt gets what is left of the job's). */
    public JobPlan withDeadline(Duration newDeadline) {
        return new JobPlan(spec, bootMode, image, bootCommand, bootFile, arguments, environment, pathVariables, workDir, code,
                inputs, outputs, pool, flavor, nodes, attempts, newDeadline, submissionKey);
    }

    /** The job's name and submission key together: the identity backends name their objects after. */
    public String submissionId() {
        return submissionKey == null || submissionKey.isEmpty() ? spec.name() : spec.name() + "@" + submissionKey;
    }

    public int userId() {
        return spec.algorithm().userId();
    }

    public int gpusPerNode() {
        return flavor == null ? 0 : flavor.gpus();
    }

    /** The files of a code dir that list a preset job's dependencies, in the order they are looked for. */
    public static final List<String> REQUIREMENTS_FILES = List.of("pip-requirements.txt", "requirements.txt");

    /**
     * The one-line shell command the container runs (via {@code /bin/sh -c}): {@code cd} into the work
     * directory, then the boot command (or {@code <python> <boot file>}) followed by every argument,
     * each shell-quoted so that a value runs nothing. A preset image first installs the code dir's
     * {@link #REQUIREMENTS_FILES requirements}, and a multi-node PyTorch engine gets ModelArts' distributed
     * arguments last.
     */
    public String commandLine(PathMapper mapper, String python) {
        return commandLine(mapper, python, true);
    }

    /**
     * {@link #commandLine(PathMapper, String)}; {@code installRequirements} false leaves out the installation
     * (the local backend installs once per job, before the workers start).
     */
    public String commandLine(PathMapper mapper, String python, boolean installRequirements) {
        StringBuilder cmd = new StringBuilder();
        cmd.append("cd ").append(ShellQuoting.quote(mapper.map(workDir))).append(" && ");
        if (bootMode == BootMode.PRESET_IMAGE) {
            if (installRequirements && code != null) {
                cmd.append(installCommand(mapper.map(code.containerDir()), python)).append(' ');
            }
            cmd.append("exec ").append(python).append(' ').append(ShellQuoting.quote(mapper.map(bootFile)));
        } else {
            // the user's command may chain with ; and &&, so it is not exec'd; arguments go to its end
            cmd.append(bootCommand);
        }
        for (Argument a : arguments) {
            cmd.append(' ').append(a.render(mapper));
        }
        if (distributedPyTorch()) {
            // what ModelArts appends for a multi-node PyTorch preset job; expanded per worker by the shell
            cmd.append(" --init_method \"tcp://${MASTER_ADDR}:").append(ContainerLayout.MASTER_PORT).append('"')
                    .append(" --rank \"${VC_TASK_INDEX}\" --world_size ").append(nodes);
        }
        return cmd.toString();
    }

    /**
     * Shell text that installs the first requirements file found in {@code codeDir} with pip, from inside
     * {@code codeDir} (so that {@code .whl} file names resolve), saying so in the log; a failure ends the
     * command with pip's exit code before the boot file runs. Ends with {@code &&}-free {@code ;}.
     */
    public static String installCommand(String codeDir, String python) {
        String dir = ShellQuoting.quote(codeDir);
        StringBuilder s = new StringBuilder();
        s.append("R=; for f in");
        REQUIREMENTS_FILES.forEach(f -> s.append(' ').append(f));
        s.append("; do if [ -f ").append(dir).append("/\"$f\" ]; then R=\"$f\"; break; fi; done; ");
        s.append("if [ -n \"$R\" ]; then echo \"[ModelArts Service Log] Installing the dependencies in $R\"; ");
        s.append("( cd ").append(dir).append(" && ").append(python)
                .append(" -m pip install --disable-pip-version-check --no-input -r \"$R\" ) || { rc=$?; ")
                .append("echo \"[ModelArts Service Log] Installing the dependencies in $R failed (exit code $rc); the boot file was not run\"; ")
                .append("exit $rc; }; ");
        s.append("echo \"[ModelArts Service Log] Dependencies in $R installed\"; fi;");
        return s.toString();
    }

    /** The preset engine's framework; {@code null} for a custom image. */
    public Engine.Framework framework() {
        if (bootMode != BootMode.PRESET_IMAGE) {
            return null;
        }
        String engine = spec.algorithm().engine();
        Engine.Framework byName = Engine.Framework.ofEngineName(engine);
        return pool == null ? byName : pool.engine(engine).map(Engine::framework).orElse(byName);
    }

    /** True for a multi-node job of a PyTorch preset engine: ModelArts passes it the distributed arguments. */
    public boolean distributedPyTorch() {
        return nodes > 1 && framework() == Engine.Framework.PYTORCH;
    }

    /** The static environment with container paths mapped; per-node variables are the backend's. */
    public Map<String, String> environment(PathMapper mapper) {
        Map<String, String> out = new LinkedHashMap<>();
        environment.forEach((k, v) -> out.put(k, pathVariables.contains(k) ? mapPathList(v, mapper) : v));
        return out;
    }

    /** All channels, inputs first. */
    public List<ChannelPlan> channels() {
        List<ChannelPlan> all = new ArrayList<>(inputs);
        all.addAll(outputs);
        return all;
    }

    private static String mapPathList(String value, PathMapper mapper) {
        // PATH-like values (a:b:${VAR}) map each absolute element
        String[] parts = value.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("/")) {
                parts[i] = mapper.map(parts[i]);
            }
        }
        return String.join(":", parts);
    }
}

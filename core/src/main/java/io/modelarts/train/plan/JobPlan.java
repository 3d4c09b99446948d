package io.modelarts.train.plan;

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

    /**
     * The one-line shell command the container runs (via {@code /bin/sh -c}): {@code cd} into the work
     * directory, then the boot command (or {@code <python> <boot file>}) followed by every argument,
     * each shell-quoted so that a value runs nothing.
     */
    public String commandLine(PathMapper mapper, String python) {
        StringBuilder cmd = new StringBuilder();
        cmd.append("cd ").append(ShellQuoting.quote(mapper.map(workDir))).append(" && ");
        if (bootMode == BootMode.PRESET_IMAGE) {
            cmd.append("exec ").append(python).append(' ').append(ShellQuoting.quote(mapper.map(bootFile)));
        } else {
            // the user's command may chain with ; and &&, so it is not exec'd; arguments go to its end
            cmd.append(bootCommand);
        }
        for (Argument a : arguments) {
            cmd.append(' ').append(a.render(mapper));
        }
        return cmd.toString();
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

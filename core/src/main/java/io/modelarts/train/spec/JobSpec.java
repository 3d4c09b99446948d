package io.modelarts.train.spec;

import java.util.List;
import java.util.Map;

/**
 * One training job as the user defined it, with the contract's defaults filled in. Immutable: lists
 * and maps are copied (maps keep their order). Built by {@link JobSpecLoader} from a job file, from
 * CLI flags or from Jenkins step parameters, so every front end yields the same value.
 *
 * <p>{@code secretEnvironment} maps a variable to {@code <secret name>/<key>} of a Kubernetes Secret: a reference,
 * never the value. {@code resources} is {@code null} when omitted (allowed without a pool catalog), {@code autoStop}
 * and {@code persistentLogPath} are {@code null} when off. {@code retraining} holds {@code metrics}, {@code gate} and
 * {@code skipIfUnchanged}. There is no shorter constructor on purpose: a copy that forgot a field would drop it.
 */
public record JobSpec(
        String name,
        String description,
        Algorithm algorithm,
        List<DataChannel> inputs,
        List<DataChannel> outputs,
        Map<String, String> hyperparameters,
        Map<String, String> environment,
        int autoRestart,
        Resources resources,
        int priority,
        List<SfsTurboMount> sfsTurbo,
        List<ParallelFileSystemMount> parallelFileSystems,
        String persistentLogPath,
        AutoStop autoStop,
        Map<String, String> secretEnvironment,
        Retraining retraining) {

    public static final int DEFAULT_PRIORITY = 1;

    public JobSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        hyperparameters = Maps.orderedCopy(hyperparameters);
        environment = Maps.orderedCopy(environment);
        secretEnvironment = secretEnvironment == null ? Map.of() : Maps.orderedCopy(secretEnvironment);
        sfsTurbo = List.copyOf(sfsTurbo);
        parallelFileSystems = List.copyOf(parallelFileSystems);
        retraining = retraining == null ? Retraining.NONE : retraining;
    }

    /** Number of attempts: the first run plus the auto restarts. */
    public int attempts() {
        return 1 + Math.max(0, autoRestart);
    }

    public int nodes() {
        return resources == null ? Resources.DEFAULT_NODES : resources.nodes();
    }
}

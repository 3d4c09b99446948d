package io.modelarts.train.validation;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpec;

import java.util.List;

/**
 * Checks a {@link JobSpec} against every ModelArts rule that applies to a job definition and the pool catalog of
 * the {@link ValidationContext}. One class per section of the "Create Training Job" page holds that section's rules
 * (the numbers in their comments are rows of the project's ModelArts feature inventory, listed in
 * docs/modelarts-rules.md); this class runs them in the order of the job file's fields. All problems are reported at
 * once; each names the field path as written in YAML and the rule with its numbers. Never throws for any spec,
 * however broken.
 */
public final class JobValidator {

    private JobValidator() {
    }

    /** Every problem of {@code spec} in the given context, errors and warnings, in the job file's field order. */
    public static List<Problem> validate(JobSpec spec, ValidationContext ctx) {
        if (spec == null) {
            return List.of(Problem.error("", "there is no job definition to check"));
        }
        ValidationRun run = new ValidationRun(spec, ctx);
        run.guard("resources", run::resolvePool);
        BasicInfoChecks basic = new BasicInfoChecks(run);
        AlgorithmChecks algorithm = new AlgorithmChecks(run);
        ChannelChecks channels = new ChannelChecks(run);
        ParameterChecks parameters = new ParameterChecks(run);
        ResourceChecks resources = new ResourceChecks(run);
        MountChecks mounts = new MountChecks(run);
        RunPolicyChecks policy = new RunPolicyChecks(run);
        // each part is guarded: a bug or an odd value in one part must not hide the others' problems
        run.guard("name", basic::name);
        run.guard("description", basic::description);
        run.guard("algorithm", algorithm::algorithm);
        run.guard("inputs", channels::channels);
        run.guard("hyperparameters", parameters::hyperparameters);
        run.guard("environment", parameters::environment);
        run.guard("secretEnvironment", parameters::secretEnvironment);
        run.guard("autoRestart", policy::autoRestart);
        run.guard("resources", resources::resources);
        run.guard("priority", resources::priority);
        run.guard("sfsTurbo", mounts::mounts);
        run.guard("persistentLogPath", policy::persistentLogPath);
        run.guard("autoStop", policy::autoStop);
        run.guard("inputs", resources::inputSizes);
        return run.problems();
    }

    /** {@link #validate} as {@link Problems}. */
    public static Problems check(JobSpec spec, ValidationContext ctx) {
        return new Problems(validate(spec, ctx));
    }
}

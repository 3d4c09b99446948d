package io.modelarts.train.validation;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.AutoStop;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.ParallelFileSystemMount;
import io.modelarts.train.spec.Resources;
import io.modelarts.train.spec.SfsTurboMount;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Specs built by code (CLI flags, Jenkins step parameters) may leave anything null; validation reports, never throws. */
class HandBuiltSpecTest {

    @Test
    void nullsEverywhere() {
        JobSpec spec = new JobSpec(null, null, null, List.of(new DataChannel(null, null, null, false)),
                List.of(new DataChannel(null, null, null, false)), Map.of(), Map.of(), 0, new Resources(null, null, null, 1), 1,
                List.of(new SfsTurboMount(null, null, null)), List.of(new ParallelFileSystemMount(null, null)), null, new AutoStop(null), null, null);
        List<Problem> problems = JobValidator.validate(spec, TestJobs.withCatalog());
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "name: is required (must be 1-64 characters of letters, digits, '-' and '_'); leave the key out to get a generated name",
                "algorithm: is required: bootMode with image and bootCommand (customImage), or engine and bootFile (presetImage)",
                "inputs[0].name: is required (1-64 characters of letters, digits, '-' and '_')",
                "inputs[0].dataPath: is required: an obs:// or s3:// path, or a local file or directory",
                "outputs[0].name: is required (1-64 characters of letters, digits, '-' and '_')",
                "outputs[0].dataPath: is required: an obs:// or s3:// folder, preferably empty",
                "resources.pool: is required: known pools: public-pool (public), gpu-pool (dedicated), empty-pool (dedicated)",
                "resources.flavor: is required",
                "resources.type: is required: CPU or GPU",
                "sfsTurbo[0].name: is required: the SFS Turbo file system's name",
                "sfsTurbo[0].serverPath: is required: host:/path, such as 10.10.10.10:/example/path",
                "sfsTurbo[0].localPath: is required: an absolute path in the container, such as /mnt/data",
                "parallelFileSystems[0].storage: is required: a storage named in the pool catalog",
                "parallelFileSystems[0].mountPath: is required: an absolute path in the container, such as /mnt/data",
                "autoStop: must be a whole number of hours: 1h, 2h, 4h, 6h, or a custom 1h-72h (got nothing)");
    }

    @Test
    void anAlgorithmWithNullsAndANullContext() {
        Algorithm algorithm = new Algorithm(BootMode.PRESET_IMAGE, null, "e", "obs://bucket/code", "train.py", null, null, null, null);
        JobSpec spec = new JobSpec("job", null, algorithm, List.of(), List.of(), Map.of(), Map.of(), 0, null, 1, List.of(), List.of(),
                null, null, null, null);
        assertThat(JobValidator.validate(spec, null)).isEmpty();
        assertThat(JobValidator.check(spec, ValidationContext.local()).hasErrors()).isFalse();
    }

    @Test
    void nulCharactersCannotReachTheProcess() {
        Map<String, Object> job = TestJobs.customJob();
        TestJobs.set(job, "hyperparameters", Map.of("lr", "0.1\u0000"));
        TestJobs.set(job, "environment", Map.of("V", "a\u0000b"));
        assertThat(TestJobs.checkLocal(job).all()).containsExactly(
                Problem.error("hyperparameters.lr", "value must not contain a NUL character"),
                Problem.error("environment.V", "value must not contain a NUL character"));
    }
}

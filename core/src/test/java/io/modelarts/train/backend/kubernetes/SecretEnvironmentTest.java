package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.engine.EffectiveSpecWriter;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code secretEnvironment}: variables of the training code read from Kubernetes Secrets, by reference only. */
class SecretEnvironmentTest {

    static final String JOB = KubeFixtures.SINGLE + """
            secretEnvironment:
              HF_TOKEN: hf-secret/token
              WANDB_API_KEY: wandb/api.key
            """;

    @Test
    void renderedAsSecretKeyRefs() {
        JobPlan plan = KubeFixtures.plan(JOB);
        Job job = (Job) new KubernetesRenderer(KubeFixtures.catalog()).render(plan).get(0);
        List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        EnvVar token = env.stream().filter(e -> e.getName().equals("HF_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        EnvVar wandb = env.stream().filter(e -> e.getName().equals("WANDB_API_KEY")).findFirst().orElseThrow();
        assertThat(wandb.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api.key");
        // only the training container gets them, not the transfer containers
        assertThat(job.getSpec().getTemplate().getSpec().getInitContainers())
                .allSatisfy(c -> assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain("HF_TOKEN"));
    }

    @Test
    void theEffectiveSpecShowsTheReferenceNotAValue() {
        JobPlan plan = KubeFixtures.plan(JOB);
        String yaml = EffectiveSpecWriter.toYaml(plan, List.of());
        assertThat(yaml).containsPattern("secretEnvironment:\\n  HF_TOKEN: \"?hf-secret/token");
    }

    @Test
    void aValidJobWithSecrets() {
        assertThat(errors(JOB)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            HF_TOKEN: hf-secret           | secretEnvironment.HF_TOKEN: must be <secret name>/<key>, such as hf-secret/token, not 'hf-secret'
            HF_TOKEN: a/b/c               | secretEnvironment.HF_TOKEN: must be <secret name>/<key>, such as hf-secret/token, not 'a/b/c'
            HF_TOKEN: Hf_Secret/token     | secretEnvironment.HF_TOKEN: 'Hf_Secret' is not a Secret name (lowercase letters, digits, '-' and '.')
            HF_TOKEN: hf/to ken           | secretEnvironment.HF_TOKEN: 'to ken' is not a Secret key (letters, digits, '-', '_' and '.')
            1TOKEN: hf/token              | secretEnvironment.1TOKEN: name must start with a letter or '_' and use only letters, digits and '_'
            MA_NUM_GPUS: hf/token         | secretEnvironment.MA_NUM_GPUS: name MA_NUM_GPUS is reserved for the variables the platform sets
            LOG_LEVEL: hf/token           | secretEnvironment.LOG_LEVEL: LOG_LEVEL is also set in environment; set it in one of them
            """)
    void badReferencesNameTheVariable(String entry, String expected) {
        assertThat(errors(KubeFixtures.SINGLE + "secretEnvironment:\n  " + entry + "\n")).extracting(Problem::toString).contains(expected);
    }

    @Test
    void aSecretLookingEnvironmentVariablePointsToSecretEnvironment() {
        String job = KubeFixtures.SINGLE.replace("LOG_LEVEL: info", "HF_TOKEN: hf_abc123");
        assertThat(problems(job)).extracting(Problem::toString).contains("warning: environment.HF_TOKEN: looks like a secret: environment values"
                + " are stored in clear in the job definition; take it from a Kubernetes Secret with secretEnvironment:"
                + " {HF_TOKEN: <secret name>/<key>} instead");
    }

    private static List<Problem> problems(String job) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(job, "job.yaml", Path.of("."));
        return JobCheck.check(r, ValidationContext.withCatalog(KubeFixtures.catalog())).all();
    }

    private static List<Problem> errors(String job) {
        return problems(job).stream().filter(Problem::isError).toList();
    }
}

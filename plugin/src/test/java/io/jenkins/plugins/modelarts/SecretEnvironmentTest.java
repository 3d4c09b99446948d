package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretEnvironment}: variables from Kubernetes Secrets. The job carries only {@code <secret>/<key>}; the
 * value stays in the cluster and is found nowhere Jenkins writes.
 */
class SecretEnvironmentTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    static final String VALUE = "hf-value-held-only-by-kubernetes-7731";

    @TempDir
    Path tmp;
    String ns;

    @BeforeEach
    void setUp() {
        MockCluster.get();
        ns = MockCluster.namespace("secret-env");
        TestJenkins.configure(ns);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
        MockCluster.get().apiClient().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("hf-secret")
                .endMetadata().withStringData(Map.of("token", VALUE)).build()).create();
    }

    @AfterEach
    void tearDown() {
        ClientCache.get().closeAll();
    }

    @Test
    void theStepRendersSecretKeyRefsAndNoValueReachesConsoleSpecOrArchive() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("training with the token from the environment"));
        Map<String, Object> args = StepExecutionTest.job("secret-env");
        args.put("secretEnvironment", Map.of("HF_TOKEN", "hf-secret/token"));
        TestJenkins.FakeRun run = TestJenkins.run("secret-env-" + ns);
        FakeStepContext.Env env = new FakeStepContext.Env(run, new FilePath(Files.createDirectories(tmp.resolve("ws")).toFile()), "3");
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);

        ((ModelArtsTrainExecution) step.start(new FakeStepContext(env))).start();

        assertThat(env.awaitDone(StepExecutionTest.WAIT.toSeconds())).as(env.console()).isTrue();
        assertThat(env.failures).as(env.console()).isEmpty();
        Container train = MockCluster.jobs(ns).get(0).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("train")).findFirst().orElseThrow();
        EnvVar hf = train.getEnv().stream().filter(e -> e.getName().equals("HF_TOKEN")).findFirst().orElseThrow();
        assertThat(hf.getValue()).isNull();
        assertThat(hf.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret");
        assertThat(hf.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");

        assertThat(env.console()).contains("training with the token").doesNotContain(VALUE);
        File archive = new File(run.getArtifactsDir(), "modelarts/secret-env");
        assertThat(new File(archive, "job-spec.effective.yaml")).content().contains("HF_TOKEN: hf-secret/token");
        List<Path> files;
        try (var walk = Files.walk(archive.toPath())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(f).content().doesNotContain(VALUE);
        }
        try (var walk = Files.walk(tmp.resolve("ws"))) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                assertThat(f).content().doesNotContain(VALUE);
            }
        }
    }

    @Test
    void aValueInsteadOfAReferenceIsRefusedNamingTheVariable() throws Exception {
        Map<String, Object> args = StepExecutionTest.job("secret-typo");
        args.put("secretEnvironment", Map.of("HF_TOKEN", "hf_abcdef"));
        TestJenkins.FakeRun run = TestJenkins.run("secret-typo-" + ns);
        FakeStepContext.Env env = new FakeStepContext.Env(run, new FilePath(Files.createDirectories(tmp.resolve("ws")).toFile()), "4");

        ((ModelArtsTrainExecution) TestBinder.bind(ModelArtsTrainStep.class, args).start(new FakeStepContext(env))).start();

        assertThat(env.awaitDone(StepExecutionTest.WAIT.toSeconds())).as(env.console()).isTrue();
        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f.getMessage())
                .contains("secretEnvironment.HF_TOKEN: must be <secret name>/<key>"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }

    @Test
    void stepAndBuilderTakeTheMapFormAndGiveItBack() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("secretEnvironment", Map.of("HF_TOKEN", "hf-secret/token"));
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);
        ModelArtsTrainBuilder builder = TestBinder.bind(ModelArtsTrainBuilder.class, args);

        assertThat(step.getSecretEnvironment()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("HF_TOKEN");
            assertThat(v.getSecret()).isEqualTo("hf-secret/token");
        });
        assertThat(step.parameters().toTree()).containsEntry("secretEnvironment", Map.of("HF_TOKEN", "hf-secret/token"));
        assertThat(builder.parameters().toTree()).isEqualTo(step.parameters().toTree());

        UninstantiatedDescribable ud = new UninstantiatedDescribable(Map.of("secretEnvironment",
                List.of(Map.of("name", "HF_TOKEN", "secret", "hf-secret/token"))));
        Map<String, ?> back = new ModelArtsTrainStep.DescriptorImpl().customUninstantiate(ud).getArguments();
        assertThat(back.get("secretEnvironment")).isEqualTo(Map.of("HF_TOKEN", "hf-secret/token"));
    }

    @Test
    void theFormChecksNameAndReference() {
        SecretEnvironmentVariable.DescriptorImpl d = new SecretEnvironmentVariable.DescriptorImpl();
        assertThat(d.doCheckName("HF_TOKEN").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(d.doCheckName("MA_TOKEN").getMessage()).contains("reserved");
        assertThat(d.doCheckSecret("hf-secret/token").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(d.doCheckSecret("hf_abcdef").getMessage()).contains("must be &lt;secret name&gt;/&lt;key&gt;");
    }
}

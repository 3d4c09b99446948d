package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.FilePath;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.testing.kube.WorkerBehaviour;
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Saved algorithms and datasets in the global configuration, referred to by the step's and the builder's
 * {@code algorithm.id}/{@code version} and {@code inputs[].dataset}/{@code version}, with a step's assets file on top.
 */
class SavedAssetsTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    static final String GLOBAL = """
            algorithms:
              - id: resnet-train
                version: 1
                image: registry.example.com/team/resnet:1.0
                bootCommand: python ${MA_JOB_DIR}/code/train.py
                hyperparameters:
                  - {name: lr, type: float, default: "0.01", range: [0.0001, 1.0]}
              - id: resnet-train
                version: 2
                image: registry.example.com/team/resnet:2.0
                bootCommand: python ${MA_JOB_DIR}/code/train.py
                hyperparameters:
                  - {name: lr, type: float, default: "0.02", range: [0.0001, 1.0]}
            datasets:
              - name: mnist
                versions:
                  - {version: v1, dataPath: obs://bucket/mnist/v1/}
                  - {version: v2, dataPath: obs://bucket/mnist/v2/}
            """;

    @TempDir
    Path tmp;
    String ns;

    @BeforeEach
    void setUp() {
        MockCluster.get();
        ns = MockCluster.namespace("assets");
        TestJenkins.configure(ns).setAssets(GLOBAL);
        TestJenkins.addToken("k8s-token", StepExecutionTest.TOKEN);
    }

    @AfterEach
    void tearDown() {
        ClientCache.get().closeAll();
    }

    FakeStepContext.Env run(Map<String, Object> args, String nodeId) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        FakeStepContext.Env env = new FakeStepContext.Env(TestJenkins.run("assets-" + nodeId + "-" + ns), new FilePath(ws.toFile()), nodeId);
        ((ModelArtsTrainExecution) TestBinder.bind(ModelArtsTrainStep.class, args).start(new FakeStepContext(env))).start();
        assertThat(env.awaitDone(StepExecutionTest.WAIT.toSeconds())).as(env.console()).isTrue();
        return env;
    }

    static Map<String, Object> savedJob(String name, Map<String, Object> algorithm, Map<String, Object> input) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("algorithm", algorithm);
        args.put("inputs", List.of(input));
        args.put("resources", Map.of("pool", "pool", "type", "CPU", "flavor", "cpu-2"));
        return args;
    }

    static Container train(String ns) {
        PodSpec pod = MockCluster.jobs(ns).get(0).getSpec().getTemplate().getSpec();
        return pod.getContainers().stream().filter(c -> c.getName().equals("train")).findFirst().orElseThrow();
    }

    @Test
    void aStepRunsAPinnedVersionOfASavedAlgorithmWithADatasetOfTheGlobalConfiguration() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("saved algorithm ran"));

        FakeStepContext.Env env = run(savedJob("saved-v1", Map.of("id", "resnet-train", "version", 1),
                Map.of("name", "data_url", "dataset", "mnist", "version", "v1")), "1");

        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(train(ns).getImage()).isEqualTo("registry.example.com/team/resnet:1.0");
        String job = MockCluster.jobs(ns).get(0).getSpec().getTemplate().getSpec().toString();
        assertThat(job).contains("fetch obs:bucket/mnist/v1/ ", "--lr=0.01").doesNotContain("mnist/v2");
        File spec = new File(env.run.getArtifactsDir(), "modelarts/saved-v1/job-spec.effective.yaml");
        assertThat(spec).content().contains("registry.example.com/team/resnet:1.0", "obs://bucket/mnist/v1/");
    }

    @Test
    void withoutVersionsTheHighestAlgorithmAndTheLastDatasetVersionAreTaken() throws Exception {
        MockCluster.behaviour(ns, WorkerBehaviour.succeed("latest"));

        FakeStepContext.Env env = run(savedJob("saved-latest", Map.of("id", "resnet-train"), Map.of("dataset", "mnist")), "2");

        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(train(ns).getImage()).isEqualTo("registry.example.com/team/resnet:2.0");
        assertThat(MockCluster.jobs(ns).get(0).getSpec().getTemplate().getSpec().toString()).contains("fetch obs:bucket/mnist/v2/ ", "--lr=0.02");
    }

    @Test
    void anUnknownDatasetOrAWrongHyperparameterFailsTheBuildNamingTheField() throws Exception {
        Map<String, Object> args = savedJob("saved-bad", Map.of("id", "resnet-train"), Map.of("dataset", "mnst"));
        args.put("hyperparameters", Map.of("lr", "5"));

        FakeStepContext.Env env = run(args, "3");

        assertThat(env.failures).singleElement().satisfies(f -> assertThat(f.getMessage())
                .contains("inputs[0].dataset: unknown dataset 'mnst'; known: mnist", "hyperparameters.lr: must be at most 1.0"));
        assertThat(MockCluster.jobs(ns)).isEmpty();
    }

    @Test
    void theStepsAssetsFileReplacesAVersionAndAddsItsOwn() throws Exception {
        Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(tmp.resolve("ws/assets.yaml"), """
                algorithms:
                  - {id: resnet-train, version: 2, image: registry.example.com/team/resnet:2.1, bootCommand: python train.py}
                datasets:
                  - {name: cifar, versions: [{version: v1, dataPath: obs://bucket/cifar/v1/}]}
                """);
        StepRequest req = new StepRequest(Map.of(), null, null, null, null, "assets.yaml");

        AssetCatalog both = JobSetup.assets(ModelArtsGlobalConfiguration.get(), req, new FilePath(tmp.resolve("ws").toFile()));

        assertThat(both.algorithm("resnet-train", 2).orElseThrow().algorithm().image()).isEqualTo("registry.example.com/team/resnet:2.1");
        assertThat(both.algorithm("resnet-train", 1).orElseThrow().algorithm().image()).isEqualTo("registry.example.com/team/resnet:1.0");
        assertThat(both.dataset("mnist")).isPresent();
        assertThat(both.dataset("cifar")).isPresent();

        MockCluster.behaviour(ns, WorkerBehaviour.succeed("team version"));
        Map<String, Object> args = savedJob("saved-file", Map.of("id", "resnet-train"), Map.of("dataset", "cifar"));
        args.put("assets", "assets.yaml");
        FakeStepContext.Env env = run(args, "4");
        assertThat(env.failures).as(env.console()).isEmpty();
        assertThat(train(ns).getImage()).isEqualTo("registry.example.com/team/resnet:2.1");
    }

    @Test
    void invalidAssetsAreRefusedOnSaveNamingTheFieldAndTheOldOnesStay() throws Exception {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        String bad = "algorithms:\n  - id: x\n    image: i\n    bootCommand: b\n    hyperparameters:\n"
                + "      - {name: lr, type: float, default: \"5\", range: [0, 1]}\n";

        assertThatThrownBy(() -> config.setAssets(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("assets: the saved algorithms and datasets of the global configuration are invalid:")
                .hasMessageContaining("algorithms[0].hyperparameters[0].default");
        assertThat(config.getAssets()).isEqualTo(GLOBAL);

        // the form: refused before anything is bound, so clusters and pools stay as they were
        StaplerRequest2 req = (StaplerRequest2) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StaplerRequest2.class},
                (proxy, method, a) -> {
                    throw new AssertionError("nothing is bound from a refused form: " + method);
                });
        JSONObject form = new JSONObject();
        form.put("assets", bad);
        assertThatThrownBy(() -> config.configure(req, form)).isInstanceOf(Descriptor.FormException.class)
                .hasMessageContaining("algorithms[0].hyperparameters[0].default")
                .satisfies(e -> assertThat(((Descriptor.FormException) e).getFormField()).isEqualTo("assets"));
        assertThat(config.getClusters()).hasSize(1);
        assertThat(config.getAssets()).isEqualTo(GLOBAL);

        FormValidation check = config.doCheckAssets(bad);
        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).contains("algorithms[0].hyperparameters[0].default");
        assertThat(config.doCheckAssets(GLOBAL).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doCheckAssets("").kind).isEqualTo(FormValidation.Kind.OK);
        config.setAssets("  ");
        assertThat(config.getAssets()).isNull();
    }

    @Test
    void theFormsHintAtWhatTheGlobalConfigurationKnows() {
        TrainAlgorithm.DescriptorImpl algorithms = new TrainAlgorithm.DescriptorImpl();
        assertThat(algorithms.doCheckId("resnet-train").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation unknown = algorithms.doCheckId("resnet-trian");
        assertThat(unknown.kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(unknown.getMessage()).contains("known: resnet-train");
        assertThat(algorithms.doCheckId("bad id!").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(algorithms.doCheckVersion("2", "resnet-train").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(algorithms.doCheckVersion("3", "resnet-train").getMessage()).contains("versions: 1, 2");
        assertThat(algorithms.doCheckVersion("0", "resnet-train").kind).isEqualTo(FormValidation.Kind.ERROR);
        DataInput.DescriptorImpl inputs = new DataInput.DescriptorImpl();
        assertThat(inputs.doCheckDataset("mnist").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(inputs.doCheckDataset("cifar").getMessage()).contains("known: mnist");
    }

    @Test
    void stepAndBuilderMapTheReferencesAlike() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("algorithm", Map.of("id", "resnet-train", "version", "2"));
        args.put("inputs", List.of(Map.of("name", "data_url", "dataset", "mnist", "version", "v1")));
        args.put("assets", "train/assets.yaml");
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);
        ModelArtsTrainBuilder builder = TestBinder.bind(ModelArtsTrainBuilder.class, args);

        Map<String, Object> tree = step.parameters().toTree();
        assertThat(tree.get("algorithm")).isEqualTo(Map.of("id", "resnet-train", "version", 2));
        assertThat(tree.get("inputs")).isEqualTo(List.of(Map.of("name", "data_url", "dataset", "mnist", "version", "v1")));
        assertThat(builder.parameters().toTree()).isEqualTo(tree);
        assertThat(builder.parameters().toRequest().assets()).isEqualTo("train/assets.yaml");
    }
}

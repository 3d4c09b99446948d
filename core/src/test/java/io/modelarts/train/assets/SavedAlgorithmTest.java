package io.modelarts.train.assets;

import io.modelarts.train.engine.EffectiveSpecWriter;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.plan.PathMapper;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.validation.JobCheck;
import io.modelarts.train.validation.TestJobs;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** "My algorithms": a job refers to a saved algorithm with {@code algorithm: {id, version}} and is checked against it. */
class SavedAlgorithmTest {

    static final String JOB = """
            name: uses-saved
            algorithm:
              id: resnet-train
            %s
            inputs:
              - name: data_url
                dataPath: obs://bucket/images/
            outputs:
              - name: train_url
                dataPath: obs://bucket/out/
            hyperparameters:
              epochs: 10
            %s
            """;

    static JobCheck.Checked check(String algorithmExtra, String extra, ValidationContext ctx) {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText(JOB.formatted(algorithmExtra, extra), "job.yaml", Path.of("/work"));
        return JobCheck.resolveAndCheck(loaded, ctx);
    }

    static JobCheck.Checked check(String algorithmExtra, String extra) {
        return check(algorithmExtra, extra, ValidationContext.local().withAssets(TestAssets.catalog()));
    }

    static List<Problem> problems(String algorithmExtra, String extra) {
        return check(algorithmExtra, extra).problems().all();
    }

    @Test
    void resolvingASavedAlgorithmKeepsTheJobsMetricsGateAndSkip() {
        JobCheck.Checked c = check("", """
                metrics:
                  - name: accuracy
                    regex: 'accuracy ([0-9.]+)'
                gate: ['accuracy >= 0.5']
                skipIfUnchanged: true
                """);
        assertThat(c.problems().all()).isEmpty();
        assertThat(c.spec().retraining().metrics()).extracting(io.modelarts.train.metrics.MetricRule::name).containsExactly("accuracy");
        assertThat(c.spec().retraining().gate()).containsExactly("accuracy >= 0.5");
        assertThat(c.spec().retraining().skipIfUnchanged()).isTrue();
    }

    @Test
    void theHighestVersionIsUsedWhenNoneIsPinned() {
        JobCheck.Checked c = check("", "");
        assertThat(c.problems().all()).isEmpty();
        assertThat(c.spec().algorithm().image()).isEqualTo("registry.example.com/team/resnet:1.4");
        assertThat(c.spec().algorithm().id()).isEqualTo("resnet-train");
        assertThat(c.spec().algorithm().version()).isEqualTo(2);
        assertThat(c.spec().algorithm().userId()).isEqualTo(1000);
    }

    @Test
    void aPinnedVersionIsUsed() {
        JobCheck.Checked c = check("  version: 1", "");
        assertThat(c.spec().algorithm().image()).isEqualTo("registry.example.com/team/resnet:1.3");
        // version 1 defines no hyperparameters at all
        assertThat(c.problems().all()).containsExactly(Problem.error("hyperparameters.epochs",
                "is not a hyperparameter of the algorithm; it defines none (algorithm resnet-train v1)"));
    }

    @Test
    void defaultsAreFilledInInTheAlgorithmsOrder() {
        JobSpec spec = check("", "").spec();
        assertThat(spec.hyperparameters()).containsExactly(java.util.Map.entry("lr", "0.01"), java.util.Map.entry("optimizer", "adam"),
                java.util.Map.entry("epochs", "10"), java.util.Map.entry("seed", "42"), java.util.Map.entry("amp", "false"));
    }

    @Test
    void theProgramGetsTheResolvedCommandAndArguments() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText(JOB.formatted("", ""), "job.yaml", Path.of("/work"));
        JobPreparation prep = JobPreparation.prepare(loaded, null, ValidationContext.local().withAssets(TestAssets.catalog()));
        assertThat(prep.isReady()).as(prep.problems().toString()).isTrue();
        assertThat(prep.plan().commandLine(PathMapper.IDENTITY, "python")).endsWith("python ${MA_JOB_DIR}/code/train.py"
                + " --data_url=/home/ma-user/modelarts/inputs/data_url_0 --train_url=/home/ma-user/modelarts/outputs/train_url_0"
                + " --lr=0.01 --optimizer=adam --epochs=10 --seed=42 --amp=false");
    }

    @Test
    void theEffectiveSpecShowsTheResolvedAlgorithm() {
        JobSpec spec = check("", "").spec();
        String yaml = EffectiveSpecWriter.toYaml(spec, List.of());
        assertThat(yaml).contains("# algorithm: saved algorithm resnet-train v2 of the assets file, resolved below",
                "image: registry.example.com/team/resnet:1.4", "codeDir: obs://bucket/algorithms/resnet/code/");
        // and it loads back, without the assets file, to the same job
        JobSpecLoader.Result back = JobSpecLoader.loadText(yaml, "effective.yaml", Path.of("/work"));
        assertThat(back.problems()).isEmpty();
        assertThat(back.spec().algorithm().image()).isEqualTo(spec.algorithm().image());
        assertThat(back.spec().hyperparameters()).isEqualTo(spec.hyperparameters());
    }

    @Test
    void anUnknownIdListsTheKnownOnes() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText(JOB.formatted("", "").replace("id: resnet-train", "id: resnet"),
                "job.yaml", Path.of("/work"));
        assertThat(JobCheck.resolveAndCheck(loaded, ValidationContext.local().withAssets(TestAssets.catalog())).problems().all())
                .containsExactly(Problem.error("algorithm.id", "unknown algorithm 'resnet'; known: resnet-train, mnist-preset"));
    }

    @Test
    void anUnknownVersionListsTheVersions() {
        assertThat(problems("  version: 5", "")).containsExactly(Problem.error("algorithm.version",
                "algorithm resnet-train has no version 5; its versions: 1, 2"));
    }

    @Test
    void withoutAnAssetsFileTheIdIsRefused() {
        assertThat(check("", "", ValidationContext.local()).problems().all()).containsExactly(Problem.error("algorithm.id",
                "saved algorithm 'resnet-train' needs an assets file (CLI: --assets FILE; Jenkins: the global configuration or the"
                        + " step's assets parameter)"));
    }

    @Test
    void algorithmFieldsBesideTheIdAreRefused() {
        assertThat(problems("  image: registry.example.com/other:1\n  userId: 0", "")).containsExactly(
                Problem.error("algorithm.image", "must not be given beside algorithm.id: the saved algorithm defines it (algorithm resnet-train v2)"),
                Problem.error("algorithm.userId", "must not be given beside algorithm.id: the saved algorithm defines it (algorithm resnet-train v2)"));
    }

    @Test
    void aVersionWithoutAnIdIsRefused() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                algorithm: {version: 2, image: registry.example.com/a:1, bootCommand: python t.py}
                """, "job.yaml", Path.of("/work"));
        assertThat(JobCheck.check(loaded, ValidationContext.local()).all())
                .contains(Problem.error("algorithm.version", "is only used with algorithm.id (a saved algorithm)"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        assertThat(problems("", "  lr: fast")).containsExactly(Problem.error("hyperparameters.lr",
                "must be a number (type float), not 'fast' (algorithm resnet-train v2)"));
        assertThat(problems("", "  amp: yes")).containsExactly(Problem.error("hyperparameters.amp",
                "must be true or false (type bool), not 'yes' (algorithm resnet-train v2)"));
    }

    @Test
    void aWholeNumberIsCheckedAsOne() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText(JOB.formatted("", "").replace("epochs: 10", "epochs: 2.5"),
                "job.yaml", Path.of("/work"));
        assertThat(JobCheck.check(loaded, ValidationContext.local().withAssets(TestAssets.catalog())).all()).containsExactly(
                Problem.error("hyperparameters.epochs", "must be a whole number (type int), not '2.5' (algorithm resnet-train v2)"));
    }

    @Test
    void aValueOutOfRangeIsRefused() {
        assertThat(problems("", "  lr: 1.5")).containsExactly(Problem.error("hyperparameters.lr",
                "must be at most 1.0 (algorithm resnet-train v2)"));
        assertThat(problems("", "  lr: 0.00001")).containsExactly(Problem.error("hyperparameters.lr",
                "must be at least 0.0001 (algorithm resnet-train v2)"));
        assertThat(problems("", "  lr: 1.0")).isEmpty();
        assertThat(problems("", "  lr: 1e-4")).isEmpty();
    }

    @Test
    void aValueNotAmongTheValuesIsRefused() {
        assertThat(problems("", "  optimizer: rmsprop")).containsExactly(Problem.error("hyperparameters.optimizer",
                "must be one of sgd, adam, not 'rmsprop' (algorithm resnet-train v2)"));
    }

    @Test
    void aNonEditableHyperparameterMayNotBeSet() {
        assertThat(problems("", "  seed: 7")).containsExactly(Problem.error("hyperparameters.seed",
                "cannot be changed: the algorithm fixes it to '42' (algorithm resnet-train v2); remove it from the job"));
    }

    @Test
    void aRequiredHyperparameterMustBeGiven() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText(JOB.formatted("", "").replace("  epochs: 10\n", ""),
                "job.yaml", Path.of("/work"));
        assertThat(JobCheck.check(loaded, ValidationContext.local().withAssets(TestAssets.catalog())).all()).containsExactly(
                Problem.error("hyperparameters.epochs", "is required (algorithm resnet-train v2)"));
    }

    @Test
    void anUnknownHyperparameterIsRefusedUnlessTheAlgorithmAllowsCustomOnes() {
        assertThat(problems("", "  momentum: 0.9")).containsExactly(Problem.error("hyperparameters.momentum",
                "is not a hyperparameter of the algorithm; its hyperparameters: lr, optimizer, epochs, seed, amp, tag"
                        + " (algorithm resnet-train v2)"));
    }

    @Test
    void aRequiredChannelMustBeFilled() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                algorithm: {id: resnet-train}
                hyperparameters: {epochs: 3}
                """, "job.yaml", Path.of("/work"));
        assertThat(JobCheck.check(loaded, ValidationContext.local().withAssets(TestAssets.catalog())).all()).containsExactly(
                Problem.error("inputs", "the algorithm needs channel data_url (algorithm resnet-train v2)"));
    }

    @Test
    void aChannelTheAlgorithmDoesNotHaveIsRefused() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText(JOB.formatted("", "").replace("- name: train_url", "- name: model_url"),
                "job.yaml", Path.of("/work"));
        assertThat(JobCheck.check(loaded, ValidationContext.local().withAssets(TestAssets.catalog())).all()).containsExactly(
                Problem.error("outputs[0].name", "'model_url' is not an output channel of the algorithm; its outputs: train_url"
                        + " (algorithm resnet-train v2)"));
    }

    @Test
    void flavorTypeAndNodesMustMeetTheConstraints() {
        ValidationContext ctx = TestJobs.withCatalog().withAssets(TestAssets.catalog());
        assertThat(check("", "resources: {pool: gpu-pool, type: GPU, flavor: gpu-1x, nodes: 4}", ctx).problems().all()).isEmpty();
        assertThat(check("", "resources: {pool: gpu-pool, type: CPU, flavor: tiny-disk}", ctx).problems().all()).contains(
                Problem.error("resources.type", "must be GPU for this algorithm (got CPU) (algorithm resnet-train v2)"),
                Problem.error("resources.flavor", "flavor 'tiny-disk' is not allowed by the algorithm; its flavors: gpu-1x, gpu-8x"
                        + " (algorithm resnet-train v2)"));
        assertThat(check("", "resources: {pool: gpu-pool, type: GPU, flavor: gpu-8x, nodes: 5}", ctx).problems().all())
                .containsExactly(Problem.error("resources.nodes", "must be at most 4 for this algorithm (got 5) (algorithm resnet-train v2)"));
    }

    @Test
    void aPresetAlgorithmIsCheckedAgainstThePoolsEngines() {
        ValidationContext ctx = TestJobs.withCatalog().withAssets(TestAssets.catalog());
        JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                algorithm: {id: mnist-preset}
                inputs: [{name: data_url, dataPath: obs://bucket/mnist/}]
                hyperparameters: {anything: "1"}
                resources: {pool: public-pool, type: CPU, flavor: cpu-8u}
                """, "job.yaml", Path.of("/work"));
        JobCheck.Checked c = JobCheck.resolveAndCheck(loaded, ctx);
        assertThat(c.problems().all()).isEmpty();
        assertThat(c.spec().algorithm().engine()).isEqualTo("pytorch-2.3");
        assertThat(c.spec().hyperparameters()).containsEntry("anything", "1");
    }

    @Test
    void theResolvedTreePlansTheSameJobWithoutTheAssetsFile() {
        java.util.Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("name", "tree");
        tree.put("algorithm", java.util.Map.of("id", "resnet-train"));
        tree.put("inputs", List.of(java.util.Map.of("name", "data_url", "dataset", "mnist", "version", "v1")));
        tree.put("outputs", List.of(java.util.Map.of("name", "train_url", "dataPath", "obs://bucket/out/")));
        tree.put("hyperparameters", java.util.Map.of("epochs", "3"));
        JobCheck.Checked withAssets = JobCheck.resolveAndCheck(JobSpecLoader.fromTree(tree, Path.of("/work")),
                ValidationContext.local().withAssets(TestAssets.catalog()));
        assertThat(withAssets.problems().all()).isEmpty();

        java.util.Map<String, Object> resolved = AssetResolver.resolvedTree(tree, withAssets.spec());
        JobCheck.Checked without = JobCheck.resolveAndCheck(JobSpecLoader.fromTree(resolved, Path.of("/work")), ValidationContext.local());
        assertThat(without.problems().all()).isEmpty();
        assertThat(without.spec().algorithm().image()).isEqualTo(withAssets.spec().algorithm().image());
        assertThat(without.spec().hyperparameters()).isEqualTo(withAssets.spec().hyperparameters());
        assertThat(without.spec().inputs().get(0).dataPath()).isEqualTo("obs://bucket/mnist/v1/");
        assertThat(io.modelarts.train.plan.Planner.plan(without.spec(), null).commandLine(io.modelarts.train.plan.PathMapper.IDENTITY, "python"))
                .isEqualTo(io.modelarts.train.plan.Planner.plan(withAssets.spec(), null).commandLine(io.modelarts.train.plan.PathMapper.IDENTITY, "python"));
    }
}

package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.FilePath;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step parameters, builder fields and job files all map to the same {@link JobSpec}. */
class ParameterMappingTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    /** The job file of the contract (docs/job-reference.md). */
    static final String JOB_FILE = """
            name: mnist-demo
            description: Train a digit model
            algorithm:
              bootMode: customImage
              image: registry.example.com/team/pytorch:2.3
              codeDir: obs://bucket/training-test/demo-code
              bootCommand: python ${MA_JOB_DIR}/demo-code/train.py
              userId: 1000
              localCodeDir: /home/ma-user/modelarts/user-job-dir
              workDir: /home/ma-user/modelarts/user-job-dir/demo-code
            inputs:
              - name: data_url
                dataPath: obs://bucket/mnist/
                obtainedFrom: hyperparameters
            outputs:
              - name: train_url
                dataPath: obs://bucket/output/
                obtainedFrom: hyperparameters
                predownload: false
            hyperparameters:
              epochs: "10"
              learning_rate: "0.01"
            environment:
              LOG_LEVEL: info
            autoRestart: 0
            resources:
              pool: gpu-pool
              type: GPU
              flavor: gpu-1x
              nodes: 1
            priority: 1
            sfsTurbo:
              - name: sfs-a
                serverPath: 10.0.0.5:/export/data
                localPath: /mnt/sfs-a
            parallelFileSystems:
              - storage: pfs-a
                mountPath: /mnt/pfs
            persistentLogPath: obs://bucket/logs/
            autoStop: 2h
            """;

    @TempDir
    Path tmp;


    /** What a Jenkinsfile passes, as Pipeline hands it over: numbers as strings, friendly maps for name/value pairs. */
    static Map<String, Object> pipelineArguments() {
        Map<String, Object> algorithm = new LinkedHashMap<>();
        algorithm.put("bootMode", "customImage");
        algorithm.put("image", "registry.example.com/team/pytorch:2.3");
        algorithm.put("codeDir", "obs://bucket/training-test/demo-code");
        algorithm.put("bootCommand", "python ${MA_JOB_DIR}/demo-code/train.py");
        algorithm.put("userId", "1000");
        algorithm.put("localCodeDir", "/home/ma-user/modelarts/user-job-dir");
        algorithm.put("workDir", "/home/ma-user/modelarts/user-job-dir/demo-code");
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("epochs", 10);
        hyper.put("learning_rate", "0.01");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", "mnist-demo");
        args.put("description", "Train a digit model");
        args.put("algorithm", algorithm);
        args.put("inputs", List.of(Map.of("name", "data_url", "dataPath", "obs://bucket/mnist/", "obtainedFrom", "hyperparameters")));
        args.put("outputs", List.of(Map.of("name", "train_url", "dataPath", "obs://bucket/output/", "obtainedFrom", "hyperparameters",
                "predownload", "false")));
        args.put("hyperparameters", hyper);
        args.put("environment", Map.of("LOG_LEVEL", "info"));
        args.put("autoRestart", "0");
        args.put("resources", Map.of("pool", "gpu-pool", "type", "GPU", "flavor", "gpu-1x", "nodes", "1"));
        args.put("priority", "1");
        args.put("sfsTurbo", List.of(Map.of("name", "sfs-a", "serverPath", "10.0.0.5:/export/data", "localPath", "/mnt/sfs-a")));
        args.put("parallelFileSystems", List.of(Map.of("storage", "pfs-a", "mountPath", "/mnt/pfs")));
        args.put("persistentLogPath", "obs://bucket/logs/");
        args.put("autoStop", "2h");
        return args;
    }

    static JobSpec fromFile(Path base) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(JOB_FILE, "job.yaml", base);
        assertThat(r.problems()).isEmpty();
        return r.spec();
    }

    @Test
    void stepParametersAndTheJobFileMapToTheSameSpec() throws Exception {
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, pipelineArguments());

        JobSpecLoader.Result fromStep = JobSpecLoader.fromTree(step.parameters().toTree(), tmp);

        assertThat(fromStep.problems()).isEmpty();
        assertThat(fromStep.spec()).isEqualTo(fromFile(tmp));
        assertThat(step.getAlgorithm().getUserId()).isEqualTo(1000);
        assertThat(step.getResources().getNodes()).isEqualTo(1);
        assertThat(step.getHyperparameters()).extracting(Hyperparameter::getName, Hyperparameter::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("epochs", "10"), org.assertj.core.groups.Tuple.tuple("learning_rate", "0.01"));
    }

    @Test
    void theListFormOfNameValuePairsBindsToo() throws Exception {
        Map<String, Object> args = pipelineArguments();
        args.put("hyperparameters", List.of(Map.of("name", "epochs", "value", "10"), Map.of("name", "learning_rate", "value", "0.01")));
        args.put("environment", List.of(Map.of("name", "LOG_LEVEL", "value", "info")));

        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);

        assertThat(JobSpecLoader.fromTree(step.parameters().toTree(), tmp).spec()).isEqualTo(fromFile(tmp));
    }

    /** Pipeline hands Groovy literals over as they are: {@code 10} an Integer, {@code 0.01} a BigDecimal, {@code true} a Boolean. */
    static Map<String, Object> listFormWithNumbersAndBooleans() {
        Map<String, Object> args = pipelineArguments();
        args.put("hyperparameters", List.of(Map.of("name", "epochs", "value", 10),
                Map.of("name", "learning_rate", "value", new java.math.BigDecimal("0.01")), Map.of("name", "amp", "value", true)));
        args.put("environment", List.of(Map.of("name", "LOG_LEVEL", "value", "info"), Map.of("name", "RETRIES", "value", 3L),
                Map.of("name", "DEBUG", "value", false)));
        args.put("description", 2024);
        return args;
    }

    @Test
    void numbersAndBooleansInTheListFormBindAsTheirText() throws Exception {
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, listFormWithNumbersAndBooleans());

        assertThat(step.getHyperparameters()).extracting(Hyperparameter::getName, Hyperparameter::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("epochs", "10"), org.assertj.core.groups.Tuple.tuple("learning_rate", "0.01"),
                org.assertj.core.groups.Tuple.tuple("amp", "true"));
        assertThat(step.getEnvironment()).extracting(EnvironmentVariable::getValue).containsExactly("info", "3", "false");
        assertThat(step.getDescription()).isEqualTo("2024");
        JobSpec spec = JobSpecLoader.fromTree(step.parameters().toTree(), tmp).spec();
        assertThat(spec.hyperparameters()).containsExactly(Map.entry("epochs", "10"), Map.entry("learning_rate", "0.01"), Map.entry("amp", "true"));
        assertThat(spec.environment()).containsEntry("RETRIES", "3").containsEntry("DEBUG", "false");

        ModelArtsTrainBuilder builder = TestBinder.bind(ModelArtsTrainBuilder.class, listFormWithNumbersAndBooleans());
        assertThat(JobSpecLoader.fromTree(builder.parameters().toTree(), tmp).spec()).isEqualTo(spec);
    }

    @Test
    void withoutTheStepsRewriteANumberForTextIsWhatPipelineRefuses() {
        // the binder follows structs: no number-to-text conversion of its own, so the step's rewrite is what binds them
        assertThatThrownBy(() -> TestBinder.bind(Hyperparameter.class, Map.of("name", "epochs", "value", 10)))
                .isInstanceOf(ClassCastException.class).hasMessageContaining("java.lang.String").hasMessageContaining("Integer");
    }

    @Test
    void theFreestyleBuilderMapsTheSameWay() throws Exception {
        ModelArtsTrainBuilder builder = TestBinder.bind(ModelArtsTrainBuilder.class, pipelineArguments());

        assertThat(JobSpecLoader.fromTree(builder.parameters().toTree(), tmp).spec()).isEqualTo(fromFile(tmp));
    }

    @Test
    void aJobFileWithoutStepParametersIsTheFileItself() throws Exception {
        Files.writeString(tmp.resolve("job.yaml"), JOB_FILE);
        JobSetup.Loaded loaded = JobSetup.load(new StepRequest(Map.of(), "job.yaml", null, null, null), new FilePath(tmp.toFile()));

        assertThat(loaded.result().spec()).isEqualTo(fromFile(tmp));
        assertThat(loaded.baseDir()).isEqualTo(tmp.toString());
    }

    @Test
    void stepParametersOverrideTheJobFileByDeepMerge() throws Exception {
        Files.createDirectories(tmp.resolve("train"));
        Files.writeString(tmp.resolve("train/job.yaml"), JOB_FILE);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("file", "train/job.yaml");
        args.put("hyperparameters", Map.of("epochs", "20"));
        args.put("resources", Map.of("nodes", "2"));
        args.put("algorithm", Map.of("userId", "1001"));
        args.put("priority", 2);
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);

        JobSetup.Loaded loaded = JobSetup.load(step.parameters().toRequest(), new FilePath(tmp.toFile()));

        JobSpec spec = loaded.result().spec();
        JobSpec file = fromFile(tmp.resolve("train"));
        assertThat(spec.hyperparameters()).containsExactly(Map.entry("epochs", "20"), Map.entry("learning_rate", "0.01"));
        assertThat(spec.resources().nodes()).isEqualTo(2);
        assertThat(spec.resources().flavor()).isEqualTo("gpu-1x");
        assertThat(spec.algorithm().userId()).isEqualTo(1001);
        assertThat(spec.algorithm().image()).isEqualTo(file.algorithm().image());
        assertThat(spec.priority()).isEqualTo(2);
        assertThat(spec.inputs()).isEqualTo(file.inputs());
        assertThat(loaded.baseDir()).isEqualTo(tmp.resolve("train").toString());
    }

    @Test
    void aGeneratedNameIsFixedInThePersistedTree() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>(Map.of("algorithm", Map.of("image", "busybox:1", "bootCommand", "true")));
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);

        JobSetup.Loaded loaded = JobSetup.load(step.parameters().toRequest(), null);

        assertThat(loaded.tree().get("name")).isEqualTo(loaded.result().spec().name()).asString().startsWith("job-");
        assertThat(JobSpecLoader.fromTree(loaded.tree(), null).spec()).isEqualTo(loaded.result().spec());
    }

    @Test
    void unknownParametersAreRefusedAsPipelineRefusesThem() {
        Map<String, Object> args = new LinkedHashMap<>(Map.of("nmae", "typo"));
        assertThatThrownBy(() -> TestBinder.bind(ModelArtsTrainStep.class, args)).hasMessageContaining("nmae");
    }

    @Test
    void theSnippetGeneratorGetsTheFriendlyMapBack() {
        ModelArtsTrainStep.DescriptorImpl d = new ModelArtsTrainStep.DescriptorImpl();
        UninstantiatedDescribable pair = new UninstantiatedDescribable(Map.of("name", "lr", "value", "0.1"));
        UninstantiatedDescribable ud = new UninstantiatedDescribable(Map.of("hyperparameters", List.of(pair), "name", "x"));

        assertThat(d.customUninstantiate(ud).getArguments().get("hyperparameters")).isEqualTo(Map.of("lr", "0.1"));
    }

    @Test
    void duplicateNamesKeepTheListFormSoTheValidatorReportsThem() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("hyperparameters", List.of(Map.of("name", "lr", "value", "1"), Map.of("name", "lr", "value", "2")));
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);

        JobSpecLoader.Result r = JobSpecLoader.fromTree(step.parameters().toTree(), null);

        assertThat(r.problems()).anyMatch(p -> p.field().startsWith("hyperparameters") && p.message().contains("twice"));
    }
}

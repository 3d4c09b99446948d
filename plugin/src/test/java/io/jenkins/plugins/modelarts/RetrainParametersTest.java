package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.FormValidation;
import io.jenkins.plugins.testsupport.JenkinsSessions;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.Retraining;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The retraining parameters of the step and the builder: their mapping to the job file's fields and their form checks. */
class RetrainParametersTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();

    static Map<String, Object> job() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", "nightly");
        args.put("algorithm", Map.of("image", "registry.example.com/t:1", "bootCommand", "python train.py"));
        return args;
    }

    @Test
    void pipelineArgumentsBecomeTheJobFilesMetricsGateAndSkip() throws Exception {
        Map<String, Object> args = job();
        args.put("metrics", List.of(Map.of("name", "accuracy", "regex", "accuracy ([0-9.]+)")));
        args.put("gate", List.of("accuracy >= 0.85", "loss <= baseline.loss * 1.1"));
        args.put("skipIfUnchanged", true);
        args.put("gateResult", "FAILURE");
        for (Class<?> type : List.of(ModelArtsTrainStep.class, ModelArtsTrainBuilder.class)) {
            Map<String, Object> custom = type == ModelArtsTrainStep.class
                    ? new ModelArtsTrainStep.DescriptorImpl().customInstantiate(args)
                    : new ModelArtsTrainBuilder.DescriptorImpl().customInstantiate(args);
            Object bound = TestBinder.bind(type, custom);
            JobParameters p = bound instanceof ModelArtsTrainStep s ? s.parameters() : ((ModelArtsTrainBuilder) bound).parameters();
            Map<String, Object> tree = p.toTree();
            assertThat(tree).containsEntry("metrics", List.of(Map.of("name", "accuracy", "regex", "accuracy ([0-9.]+)")))
                    .containsEntry("gate", List.of("accuracy >= 0.85", "loss <= baseline.loss * 1.1"))
                    .containsEntry("skipIfUnchanged", true);
            assertThat(p.toRequest().gateResult()).isEqualTo("FAILURE");
            Retraining r = JobSpecLoader.fromTree(tree, null).spec().retraining();
            assertThat(r.gate()).hasSize(2);
            assertThat(r.metrics()).singleElement().satisfies(m -> assertThat(m.name()).isEqualTo("accuracy"));
            assertThat(r.skipIfUnchanged()).isTrue();
        }
    }

    @Test
    void aFormsTextGateIsOneConditionPerLineAndAnUntickedSkipLeavesTheJobFilesValue() throws Exception {
        Map<String, Object> args = job();
        args.put("gate", "accuracy >= 0.85\n\n  f1 > baseline.f1  \n");
        args.put("skipIfUnchanged", false);
        ModelArtsTrainBuilder b = TestBinder.bind(ModelArtsTrainBuilder.class, args);
        Map<String, Object> tree = b.parameters().toTree();
        assertThat(tree).containsEntry("gate", List.of("accuracy >= 0.85", "f1 > baseline.f1")).doesNotContainKey("skipIfUnchanged");
        assertThat(b.parameters().toRequest().gateResult()).isNull();
    }

    @Test
    void formChecksNameTheFieldAndTheRule() {
        ModelArtsTrainStep.DescriptorImpl step = new ModelArtsTrainStep.DescriptorImpl();
        assertThat(step.doCheckGate("accuracy >= 0.85\nloss <= baseline.loss * 1.1").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation bad = step.doCheckGate("accuracy >= 0.85\naccuracy is good");
        assertThat(bad.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(bad.getMessage()).startsWith("gate[1]: ");
        assertThat(step.doCheckGateResult("FAILURE").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckGateResult("").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckGateResult("ABORTED").getMessage()).contains("gateResult", "UNSTABLE or FAILURE");
        assertThat(step.doFillGateResultItems()).extracting(o -> o.value).containsExactly("UNSTABLE", "FAILURE");
        assertThat(new ModelArtsTrainBuilder.DescriptorImpl().doCheckGate("x >").kind).isEqualTo(FormValidation.Kind.ERROR);

        MetricPattern.DescriptorImpl metric = new MetricPattern.DescriptorImpl();
        assertThat(metric.doCheckRegex("accuracy ([0-9.]+)").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(metric.doCheckRegex("accuracy [0-9.]+").getMessage()).contains("has no group");
        assertThat(metric.doCheckRegex("accuracy ([0-9.]+").getMessage()).contains("not a valid regular expression");
        assertThat(metric.doCheckName("accuracy").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(metric.doCheckName("1accuracy").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void theTrendViewsAreJellyWithTheEscapePragmaAndWellFormed() throws Exception {
        var parser = FormsTest.safeParser();
        for (String view : List.of("index.jelly", "jobMain.jelly", "charts.jelly")) {
            String path = "/" + MetricsTrendAction.class.getName().replace('.', '/') + "/" + view;
            try (InputStream in = MetricsTrendAction.class.getResourceAsStream(path)) {
                assertThat(in).as(path).isNotNull();
                byte[] text = in.readAllBytes();
                assertThat(new String(text, StandardCharsets.UTF_8)).startsWith("<?jelly escape-by-default='true'?>");
                parser.parse(new java.io.ByteArrayInputStream(text));
            }
        }
        // the SVG goes out unescaped (j:out): it is the engine's, which escapes its texts
        File charts = new File(MetricsTrendAction.class.getResource("MetricsTrendAction/charts.jelly").toURI());
        assertThat(Files.readString(charts.toPath())).contains("<j:out value=\"${trend.svg}\"/>");
    }
}

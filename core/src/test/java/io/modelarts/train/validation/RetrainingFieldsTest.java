package io.modelarts.train.validation;

import io.modelarts.train.engine.EffectiveSpecWriter;
import io.modelarts.train.metrics.MetricRule;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.Retraining;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code metrics}, {@code gate} and {@code skipIfUnchanged}: problems name the field and the rule, before anything runs. */
class RetrainingFieldsTest {

    static final String JOB = """
            name: nightly
            algorithm:
              image: python:3.11
              bootCommand: python3 train.py
            """;

    static Problems check(String extra) {
        return JobCheck.check(JobSpecLoader.loadText(JOB + extra, "job.yaml", Path.of("/tmp")), ValidationContext.local());
    }

    @Test
    void theContractExampleLoads() {
        JobSpecLoader.Result r = JobSpecLoader.loadText(JOB + """
                metrics:
                  - name: accuracy
                    regex: 'validation accuracy ([0-9.]+)'
                  - name: loss
                    regex: 'loss ([0-9.]+)'
                gate:
                  - accuracy >= 0.85
                  - accuracy >= baseline.accuracy - 0.01
                  - loss <= baseline.loss * 1.1
                skipIfUnchanged: true
                """, "job.yaml", Path.of("/tmp"));
        assertThat(r.problems()).isEmpty();
        Retraining t = r.spec().retraining();
        assertThat(t.metrics()).containsExactly(new MetricRule("accuracy", "validation accuracy ([0-9.]+)"),
                new MetricRule("loss", "loss ([0-9.]+)"));
        assertThat(t.gate()).containsExactly("accuracy >= 0.85", "accuracy >= baseline.accuracy - 0.01", "loss <= baseline.loss * 1.1");
        assertThat(t.skipIfUnchanged()).isTrue();
        // the effective spec keeps them and loads back to the same job
        String yaml = EffectiveSpecWriter.toYaml(r.spec(), List.of());
        assertThat(JobSpecLoader.loadText(yaml, "effective.yaml", Path.of("/tmp")).spec().retraining()).isEqualTo(t);
    }

    @Test
    void withoutThemNothingChanges() {
        JobSpecLoader.Result r = JobSpecLoader.loadText(JOB, "job.yaml", Path.of("/tmp"));
        assertThat(r.spec().retraining()).isEqualTo(Retraining.NONE);
        assertThat(EffectiveSpecWriter.toYaml(r.spec(), List.of())).doesNotContain("metrics", "gate", "skipIfUnchanged");
    }

    @Test
    void badRegexesNamesAndConditionsAreProblemsNamingTheField() {
        Problems p = check("""
                metrics:
                  - name: accuracy
                    regex: 'accuracy ([0-9.]+'
                  - name: loss
                    regex: 'loss [0-9.]+'
                  - name: val/acc
                    regex: 'x (y)'
                  - name: loss
                    regex: 'loss2 (\\\\S+)'
                  - regex: '(a)'
                    colour: red
                gate:
                  - accuracy >> 0.9
                  - 3
                  - loss <= baseline.loss / 2
                skipIfUnchanged: maybe
                """);
        assertThat(p.describe()).isEqualTo("""
                metrics[0].regex: is not a valid regular expression: Unclosed group near index 17
                metrics[1].regex: has no group: put the value in parentheses, e.g. 'accuracy ([0-9.]+)'
                metrics[2].name: 'val/acc' must start with a letter or _ and hold only letters, digits and _ (the gate refers to it)
                metrics[3].name: 'loss' is defined twice; each metric has one regex
                metrics[4].colour: unknown key; known keys: name, regex
                metrics[4].name: is required: the metric's name, e.g. accuracy
                gate[0]: 'accuracy >> 0.9' is not a condition; it must be '<metric> <op> <expr>' with op one of >= <= > < == and expr a number or baseline.<metric>, optionally + - * a number (e.g. accuracy >= baseline.accuracy - 0.01)
                gate[1]: must be text such as 'accuracy >= 0.85', not a number
                gate[2]: 'loss <= baseline.loss / 2' is not a condition; it must be '<metric> <op> <expr>' with op one of >= <= > < == and expr a number or baseline.<metric>, optionally + - * a number (e.g. accuracy >= baseline.accuracy - 0.01)
                skipIfUnchanged: must be true or false, not 'maybe'
                """);
    }
}

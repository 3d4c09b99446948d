package io.modelarts.train.spec;

import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.PathMapper;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.rules.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Unquoted YAML numbers reach the training program exactly as written in the file (issue 12, defect 3). */
class WrittenNumbersTest {

    static final String JOB = """
            name: numbers
            algorithm:
              image: registry.example.com/team/pytorch:2.3
              bootCommand: python train.py
            hyperparameters:
              lr: %s
            environment:
              SCALE: %s
            """;

    static JobSpec load(String value) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(JOB.formatted(value, value), "job.yaml", Path.of("/work"));
        assertThat(r.problems()).isEmpty();
        return r.spec();
    }

    @ParameterizedTest(name = "{0} stays {0}")
    @ValueSource(strings = {"0.010", "2.10", "1e3", "1E-4", ".inf", "-.inf", "-0", "1.0e+10", "3.0", "12345678901234567890", "7"})
    void hyperparametersAndEnvironmentKeepTheirText(String written) {
        JobSpec spec = load(written);
        assertThat(spec.hyperparameters()).containsEntry("lr", written);
        assertThat(spec.environment()).containsEntry("SCALE", written);
    }

    @Test
    void theBootCommandGetsTheValueAsWritten() {
        JobPlan plan = Planner.plan(load("0.010"), null);
        assertThat(plan.commandLine(PathMapper.IDENTITY, "python")).endsWith("python train.py --lr=0.010");
        assertThat(plan.environment(PathMapper.IDENTITY)).containsEntry("SCALE", "0.010");
    }

    @Test
    void jsonNumbersKeepTheirTextToo() {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                {"algorithm": {"image": "registry.example.com/a:1", "bootCommand": "python t.py"},
                 "hyperparameters": {"lr": 0.010, "decay": 1e-3}}""", "job.json", Path.of("/work"));
        assertThat(r.spec().hyperparameters()).containsEntry("lr", "0.010").containsEntry("decay", "1e-3");
    }

    @Test
    void aWholeNumberFieldNamesTheValueAsWritten() {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                algorithm: {image: registry.example.com/a:1, bootCommand: python t.py}
                autoRestart: 1e3
                """, "job.yaml", Path.of("/work"));
        assertThat(r.problems()).containsExactly(Problem.error("autoRestart", "must be a whole number, not 1e3"));
    }

    @Test
    void anIntTaggedStringIsStillAWholeNumber() {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                algorithm: {image: registry.example.com/a:1, bootCommand: python t.py}
                autoRestart: !!int '2'
                """, "job.yaml", Path.of("/work"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.spec().autoRestart()).isEqualTo(2);
    }
}

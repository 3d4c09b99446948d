package io.modelarts.train.gate;

import io.modelarts.train.metrics.MetricSeries;
import io.modelarts.train.metrics.RunMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateTest {

    static RunMetrics metrics(Object... nameValue) {
        List<MetricSeries> s = new java.util.ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            s.add(new MetricSeries((String) nameValue[i], new double[]{0}, new double[]{(Double) nameValue[i + 1]}));
        }
        return new RunMetrics(s);
    }

    @Test
    void theGrammar() {
        GateCondition c = GateCondition.parse("  loss<=baseline.loss*1.1 ");
        assertThat(c.metric()).isEqualTo("loss");
        assertThat(c.op()).isEqualTo(GateCondition.Op.LE);
        assertThat(c.baseline()).isEqualTo("loss");
        assertThat(c.arithmetic()).isEqualTo('*');
        assertThat(c.number()).isEqualTo(1.1);
        assertThat(GateCondition.parse("accuracy == 1").needsBaseline()).isFalse();
        assertThat(GateCondition.parse("acc > baseline.acc").arithmetic()).isEqualTo((char) 0);
        for (String bad : List.of("accuracy >> 1", "accuracy >= baseline.", "1 >= accuracy", "accuracy >= baseline.loss / 2",
                "accuracy >= 0.9 + 1", "accuracy >= other.accuracy", "accuracy >=")) {
            assertThatThrownBy(() -> GateCondition.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a condition; it must be '<metric> <op> <expr>'");
        }
        assertThatThrownBy(() -> GateCondition.parse(" ")).hasMessageStartingWith("is empty");
    }

    @Test
    void everyConditionMustHoldAndFailuresCarryBothValues() {
        GateVerdict v = Gate.check(List.of("accuracy >= 0.85", "accuracy >= baseline.accuracy - 0.01", "loss <= baseline.loss * 1.1",
                "loss < baseline.loss + 1"), metrics("accuracy", 0.86, "loss", 0.35), metrics("accuracy", 0.88, "loss", 0.3), "run 41");

        assertThat(v.status()).isEqualTo(GateVerdict.Status.FAILED);
        assertThat(v.failures()).hasSize(2);
        GateVerdict.Result acc = v.failures().get(0);
        assertThat(acc.value()).isEqualTo(0.86);
        assertThat(acc.threshold()).isEqualTo(0.87, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(acc.describe()).isEqualTo("FAILED accuracy >= baseline.accuracy - 0.01: accuracy = 0.86, needed >= 0.87 "
                + "(baseline.accuracy - 0.01 with baseline.accuracy = 0.88)");
        assertThat(v.failures().get(1).threshold()).isEqualTo(0.33, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(v.describe().get(0)).isEqualTo("Gate failed (baseline: run 41):");
    }

    @Test
    void noBaselineYetPassesWithANoteButAMissingRunValueFails() {
        GateVerdict first = Gate.check(List.of("accuracy >= baseline.accuracy - 0.01", "accuracy >= 0.5"), metrics("accuracy", 0.6), null, null);
        assertThat(first.passed()).isTrue();
        assertThat(first.conditions().get(0).note()).isEqualTo("no baseline yet: passes");

        GateVerdict noValue = Gate.check(List.of("f1 >= baseline.f1"), metrics("accuracy", 0.6), metrics("accuracy", 0.5), "b");
        assertThat(noValue.failed()).isTrue();
        assertThat(noValue.conditions().get(0).note()).isEqualTo("this run's log printed no value of f1");

        GateVerdict baseWithout = Gate.check(List.of("f1 >= baseline.f1"), metrics("f1", 0.6), metrics("accuracy", 0.5), "b");
        assertThat(baseWithout.passed()).isTrue();
        assertThat(baseWithout.conditions().get(0).note()).isEqualTo("the baseline has no value of f1: passes");

        assertThat(Gate.check(List.of(), metrics(), null, null)).isEqualTo(GateVerdict.NONE);
        assertThat(Gate.check(List.of("a == 0.3"), metrics("a", 0.1 + 0.2), null, null).passed()).isTrue();
    }

    @Test
    void theVerdictAsAStepReturnValue() {
        GateVerdict v = Gate.check(List.of("accuracy >= baseline.accuracy - 0.01"), metrics("accuracy", 0.8), metrics("accuracy", 0.9), "build #41");
        java.util.Map<String, Object> m = v.toMap();
        assertThat(m).containsEntry("status", "failed").containsEntry("baseline", "build #41");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> c = (java.util.Map<String, Object>) ((List<?>) m.get("conditions")).get(0);
        assertThat(c).containsEntry("condition", "accuracy >= baseline.accuracy - 0.01").containsEntry("value", 0.8)
                .containsEntry("passed", false);
        assertThat(m).isInstanceOf(java.io.Serializable.class);
    }
}

package io.modelarts.train.metrics;

import io.modelarts.train.metrics.MetricRule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsRecorderTest {

    static final List<MetricRule> RULES = List.of(new MetricRule("accuracy", "validation accuracy ([0-9.]+)"),
            new MetricRule("loss", "loss=([-0-9.eE]+)"));

    final List<String> warnings = new ArrayList<>();

    MetricsRecorder recorder(List<MetricRule> rules) {
        return new MetricsRecorder(rules, "worker-0", warnings::add);
    }

    @Test
    void everyMatchingLineIsAPointAndTheLastIsTheValue() {
        MetricsRecorder r = recorder(RULES);
        r.log("worker-0", "epoch 1 loss=0.9 validation accuracy 0.5");
        r.log("worker-0", "nothing here");
        r.log("worker-0", "epoch 2 loss=0.5 validation accuracy 0.75");
        r.log("worker-0", "epoch 3 loss=1e-2");

        RunMetrics m = r.metrics();
        assertThat(m.get("accuracy").size()).isEqualTo(2);
        assertThat(m.value("accuracy")).isEqualTo(0.75);
        assertThat(m.get("loss").size()).isEqualTo(3);
        assertThat(m.value("loss")).isEqualTo(0.01);
        assertThat(m.get("loss").step(2)).isEqualTo(2.0); // the point's index when the line gives no step
        assertThat(m.get("loss").min()).isEqualTo(0.01);
        assertThat(m.get("loss").max()).isEqualTo(0.9);
        assertThat(warnings).isEmpty();
    }

    @Test
    void jsonLinesAreAlwaysPointsWithTheirStep() {
        MetricsRecorder r = recorder(List.of());
        r.log("worker-0", "{\"metric\": \"f1\", \"value\": 0.61, \"step\": 100}");
        r.log("worker-0", "  {\"step\": 200, \"extra\": {\"nested\": [1, 2]}, \"metric\": \"f1\", \"value\": \"0.64\"}");
        r.log("worker-0", "{\"metric\": \"f1\", \"value\": 0.7}");
        r.log("worker-0", "{\"not\": \"a metric\"}");
        r.log("worker-0", "{\"metric\": \"f1\", \"value\": 0.9"); // cut off: not a JSON object
        r.log("worker-0", "prefix {\"metric\": \"f1\", \"value\": 0.9}");

        MetricSeries f1 = r.metrics().get("f1");
        assertThat(f1.size()).isEqualTo(3);
        assertThat(new double[]{f1.step(0), f1.step(1), f1.step(2)}).containsExactly(100, 200, 2);
        assertThat(f1.last()).isEqualTo(0.7);
    }

    @Test
    void aValueThatIsNotANumberIsWarnedOncePerMetricAndNotCounted() {
        MetricsRecorder r = recorder(List.of(new MetricRule("accuracy", "accuracy (\\S+)")));
        r.log("worker-0", "accuracy n/a");
        r.log("worker-0", "accuracy nan?");
        r.log("worker-0", "accuracy 0.5");
        r.log("worker-0", "{\"metric\": \"loss\", \"value\": NaN}");
        r.log("worker-0", "{\"metric\": \"loss\", \"value\": null}");

        assertThat(r.metrics().get("accuracy").size()).isEqualTo(1);
        assertThat(r.metrics().get("loss")).isNull();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("metrics: accuracy: value 'n/a' is not a number", "accuracy n/a");
        assertThat(warnings.get(1)).startsWith("metrics: loss: value 'NaN' is not a number");
    }

    @Test
    void onlyWorkerZeroIsRead() {
        MetricsRecorder r = recorder(RULES);
        r.log("worker-1", "validation accuracy 0.1");
        r.log(null, "validation accuracy 0.2");
        r.logLines("worker-1", "validation accuracy 0.3\n".getBytes(StandardCharsets.UTF_8), 0, 24);

        assertThat(r.metrics().get("accuracy").size()).isEqualTo(1);
        assertThat(r.metrics().value("accuracy")).isEqualTo(0.2);
    }

    @Test
    void blocksGiveExactlyWhatLinesGive() {
        List<MetricRule> rules = new ArrayList<>(RULES);
        rules.add(new MetricRule("lr", "([0-9.]+) lr")); // no literal prefix: every line is tried
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String line = switch (random.nextInt(6)) {
                case 0 -> "step " + i + " loss=" + random.nextDouble();
                case 1 -> "validation accuracy " + random.nextDouble() + " \u00e9t\u00e9 \u2713";
                case 2 -> "{\"metric\": \"g\", \"value\": " + i + ", \"step\": " + (i * 2) + "}";
                case 3 -> random.nextDouble() + " lr\r";
                case 4 -> "validation accuracy " + random.nextDouble() + " and loss=" + random.nextDouble();
                default -> "noise noise loss noise \"metric\" " + i;
            };
            lines.add(line);
            text.append(line).append('\n');
        }
        MetricsRecorder byLine = recorder(rules);
        for (String l : lines) {
            byLine.log("worker-0", l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        MetricsRecorder byBlock = recorder(rules);
        int from = 0;
        while (from < bytes.length) {
            int to = Math.min(bytes.length, from + 1 + random.nextInt(4000));
            while (to < bytes.length && bytes[to - 1] != '\n') {
                to++;
            }
            byBlock.logLines("worker-0", bytes, from, to);
            from = to;
        }
        // the same points, in the same order; and the pre-filtered rules alone agree too
        assertThat(byBlock.metrics()).isEqualTo(byLine.metrics());
        assertThat(byLine.metrics().get("g").size()).isGreaterThan(400);
        MetricsRecorder filtered = recorder(RULES);
        filtered.logLines("worker-0", bytes, 0, bytes.length);
        assertThat(filtered.metrics().get("accuracy")).isEqualTo(byLine.metrics().get("accuracy"));
        assertThat(filtered.metrics().get("loss")).isEqualTo(byLine.metrics().get("loss"));
    }

    @Test
    void aBrokenWarningsTargetOrBadRuleNeverThrows() {
        MetricsRecorder r = new MetricsRecorder(List.of(new MetricRule("bad", "(unclosed"), new MetricRule("nogroup", "accuracy"),
                new MetricRule("acc", "acc (\\S+)")), "worker-0", w -> {
            throw new IllegalStateException("console closed");
        });
        r.log("worker-0", "acc x");
        r.log("worker-0", "acc 1");
        assertThat(r.metrics().value("acc")).isEqualTo(1.0);
        assertThat(r.metrics().get("bad")).isNull();
    }

    @Test
    void theWordWideSearchFindsWhatANaiveSearchFinds() {
        Random random = new Random(11);
        for (int round = 0; round < 3000; round++) {
            byte[] needle = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < needle.length; i++) {
                needle[i] = (byte) "ab\"v{ 1".charAt(random.nextInt(7));
            }
            byte[] hay = new byte[random.nextInt(40)];
            for (int i = 0; i < hay.length; i++) {
                hay[i] = (byte) "ab\"v{ 1".charAt(random.nextInt(7));
            }
            int from = hay.length == 0 ? 0 : random.nextInt(hay.length);
            int to = from + random.nextInt(hay.length - from + 1);
            int expected = -1;
            for (int i = from; i + needle.length <= to && expected < 0; i++) {
                if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                    expected = i;
                }
            }
            assertThat(new MetricsRecorder.ByteSearch(needle).indexOf(hay, from, to))
                    .as("%s in %s [%d, %d)", new String(needle), new String(hay), from, to).isEqualTo(expected);
        }
    }

    @Test
    void literalPrefixes() {
        assertThat(MetricsRecorder.literalPrefix("validation accuracy ([0-9.]+)")).isEqualTo("validation accuracy ");
        assertThat(MetricsRecorder.literalPrefix("^loss=([0-9.]+)")).isEqualTo("loss=");
        assertThat(MetricsRecorder.literalPrefix("val\\.acc ([0-9.]+)")).isEqualTo("val.acc ");
        assertThat(MetricsRecorder.literalPrefix("losses? ([0-9.]+)")).isEqualTo("losse");
        assertThat(MetricsRecorder.literalPrefix("lo+ss ([0-9.]+)")).isEqualTo("lo");
        assertThat(MetricsRecorder.literalPrefix("acc|accuracy ([0-9.]+)")).isEmpty();
        assertThat(MetricsRecorder.literalPrefix("(?i)acc ([0-9.]+)")).isEmpty();
        assertThat(MetricsRecorder.literalPrefix("\\d+ acc")).isEmpty();
        assertThat(MetricsRecorder.literalPrefix("ab{2}c")).isEqualTo("a");
    }

    @Test
    void metricsJsonRoundTrips() {
        RunMetrics m = new RunMetrics(List.of(new MetricSeries("accuracy", new double[]{0, 1, 12}, new double[]{0.5, 0.75, 0.875}),
                new MetricSeries("tiny", new double[]{0}, new double[]{1.0E-7})));
        String json = m.toJson();
        assertThat(json).contains("\"accuracy\": {\"last\": 0.875, \"min\": 0.5, \"max\": 0.875, \"points\": [[0, 0.5], [1, 0.75], [12, 0.875]]}");
        assertThat(RunMetrics.fromJson(json)).isEqualTo(m);
        assertThat(RunMetrics.fromJson("{}").isEmpty()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunMetrics.fromJson("{\"a\": {\"points\": [[1]]}}"))
                .hasMessage("metrics.json: a.points[0] must be [step, value]");
    }
}

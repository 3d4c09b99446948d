package io.modelarts.train.report;

import io.modelarts.train.events.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsTest {

    @Test
    void aTrendHasOnePointPerBuildLabelledByBuild() {
        String svg = TrendChart.svg("accuracy", List.of(new TrendChart.Point("#39", 0.85), new TrendChart.Point("#40", 0.87),
                new TrendChart.Point("#41", 0.861)));
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
                .contains("<title>accuracy across builds</title>", ">#39</text>", ">#41</text>", "<polyline");
        assertThat(svg.split("<polyline")[1].split("points=\"")[1].split("\"")[0].split(" ")).hasSize(3);
        assertThat(svg).doesNotContain("<script", "style=");
        assertThat(TrendChart.svg("loss", List.of(new TrendChart.Point("#1", 0.3)))).contains("<circle");
        assertThatThrownBy(() -> TrendChart.svg("loss", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longSeriesKeepEachBucketsLowestAndHighestPoint() {
        int n = 100_000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            ys[i] = i == 54_321 ? 99 : i == 77_777 ? -5 : Math.sin(i / 1000.0);
        }
        double[][] r = SvgChart.reduce(xs, ys);
        assertThat(r[0].length).isLessThanOrEqualTo(2 * SvgChart.MAX_BUCKETS);
        assertThat(r[1]).contains(99.0, -5.0); // spikes survive
        for (int i = 1; i < r[0].length; i++) {
            assertThat(r[0][i]).isGreaterThan(r[0][i - 1]);
        }
    }

    @Test
    void niceTicks() {
        assertThat(SvgChart.niceStep(0.45, 4)).isEqualTo(0.2);
        assertThat(SvgChart.niceStep(4000, 5)).isEqualTo(1000);
        assertThat(SvgChart.tick(0.30000000000000004, 0.1)).isEqualTo("0.3");
        assertThat(SvgChart.tick(2000, 1000)).isEqualTo("2000");
        assertThat(SvgChart.tick(-0.0, 0.5)).isEqualTo("0.0");
    }

    @Test
    void theTimelineKeepsStatusesMessagesAndExitCodes() {
        RunTimeline t = new RunTimeline(Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC));
        t.status(JobStatus.PENDING, "waiting for a GPU node");
        t.info("Training finished on worker-1. Exit code 137.");
        t.info("Training finished on worker-0. Exit code 0.");
        t.logLines("worker-0", new byte[]{'a', '\n'}, 0, 2);
        assertThat(t.entries()).extracting(RunTimeline.Entry::text).containsExactly("waiting for a GPU node",
                "Training finished on worker-1. Exit code 137.", "Training finished on worker-0. Exit code 0.");
        assertThat(t.workers()).extracting(RunTimeline.Worker::name, RunTimeline.Worker::exitCode, RunTimeline.Worker::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker-0", 0, 2L), org.assertj.core.groups.Tuple.tuple("worker-1", 137, 0L));
    }

    @Test
    void textIsEscapedInHtmlAndLinks() {
        assertThat(Html.esc("<a href=\"x\">&'</a>\u0001")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; ");
        assertThat(Html.href("outputs/my model/ü?.bin")).isEqualTo("outputs/my%20model/%C3%BC%3F.bin");
    }
}

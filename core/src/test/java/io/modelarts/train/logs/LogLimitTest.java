package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ModelArts' per-worker log limit (1 GiB; small limits here): later lines are dropped once, with one message. */
class LogLimitTest {

    @Test
    void linesPastTheLimitAreDroppedAndSaidSoOnce() {
        RecordingSink out = new RecordingSink();
        JobEventSink limited = LogLimit.wrap(out, 12); // "abcde\n" is 6 bytes: two fit
        limited.log("worker-0", "abcde");
        limited.log("worker-0", "fghij");
        limited.log("worker-0", "k");
        limited.log("worker-0", "l");
        limited.status(JobStatus.COMPLETED, null);
        limited.info("still shown");

        assertThat(out.lines()).containsExactly("abcde", "fghij");
        assertThat(out.infos()).hasSize(2).first().satisfies(i -> assertThat(i)
                .isEqualTo("worker-0: the log reached its limit of 12 bytes; the rest of this worker's output is not kept (the job goes on)"));
        assertThat(out.infos().get(1)).isEqualTo("still shown");
        assertThat(out.statuses()).containsExactly(JobStatus.COMPLETED);
    }

    @Test
    void aBlockIsCutAfterItsLastWholeLineThatFits() {
        RecordingSink out = new RecordingSink();
        JobEventSink limited = LogLimit.wrap(out, 10);
        byte[] b = "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8); // 4 + 4 fit, "three\n" does not
        limited.logLines("worker-1", b, 0, b.length);
        byte[] more = "four\n".getBytes(StandardCharsets.UTF_8);
        limited.logLines("worker-1", more, 0, more.length);

        assertThat(out.lines()).containsExactly("one", "two");
        assertThat(out.infos()).singleElement().satisfies(i -> assertThat(i).startsWith("worker-1: the log reached its limit"));
    }

    @Test
    void bytesAreCountedAsUtf8AndEachWorkerHasItsOwnLimit() {
        RecordingSink out = new RecordingSink();
        JobEventSink limited = LogLimit.wrap(out, 6);
        limited.log("worker-0", "ééé"); // 6 bytes + line break: over
        limited.log("worker-1", "éé"); // 4 + 1: fits
        limited.log("worker-1", "x"); // 2 more: over

        assertThat(out.lines("worker-0")).isEmpty();
        assertThat(out.lines("worker-1")).containsExactly("éé");
        assertThat(out.infos()).hasSize(2);
        assertThat(LogLimit.utf8Length("aé中😀")).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void aReattachedLogCountsWhatWasKeptBefore() {
        RecordingSink out = new RecordingSink();
        Map<String, Long> before = Map.of("worker-0", 8L, "worker-1", 20L);
        JobEventSink limited = LogLimit.wrap(out, 10, w -> before.getOrDefault(w, 0L));
        limited.log("worker-0", "a"); // 8 + 2
        limited.log("worker-0", "b");
        limited.log("worker-1", "c"); // over before: dropped without a word (the earlier watcher said it)
        limited.log("worker-2", "d");

        assertThat(out.lines()).containsExactly("a", "d");
        assertThat(out.infos()).singleElement().satisfies(i -> assertThat(i).startsWith("worker-0: "));
    }

    @Test
    void noLimitLeavesTheSinkAlone() {
        RecordingSink out = new RecordingSink();
        assertThat(LogLimit.wrap(out, 0)).isSameAs(out);
        assertThat(LogLimit.describe(LogLimit.MODELARTS_MAX_BYTES)).isEqualTo("1 GiB (1073741824 bytes)");
    }
}

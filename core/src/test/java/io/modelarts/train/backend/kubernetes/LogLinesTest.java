package io.modelarts.train.backend.kubernetes;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTest {

    private static void feed(LogLines l, String text, List<String> out) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        l.feed(b, 0, b.length, into(out));
    }

    /** Collects a block's lines, checking that the block says how many it holds. */
    private static LogLines.Block into(List<String> out) {
        return (utf8, length, lines) -> {
            List<String> got = new ArrayList<>();
            io.modelarts.train.events.JobEventSink.forEachLine(utf8, 0, length, got::add);
            assertThat(got).hasSize(lines);
            assertThat(utf8[length - 1]).isEqualTo((byte) '\n');
            out.addAll(got);
        };
    }

    @Test
    void linesSplitAcrossChunksAndTheirTimestampsRemoved() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T00:00:00.1Z hel", out);
        assertThat(out).isEmpty();
        assertThat(l.hasPartialLine()).isTrue();
        feed(l, "lo\r\n2026-01-01T00:00:00.2Z wörld\n2026-01-01T00:00:01Z \n", out);
        assertThat(out).containsExactly("hello", "wörld", "");
        assertThat(l.cursor(false)).isEqualTo(new LogCursor("2026-01-01T00:00:01Z", 1, false));
    }

    @Test
    void aReconnectDropsWhatWasDeliveredIncludingEqualTimestamps() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T00:00:00.5Z a\n2026-01-01T00:00:00.5Z b\n2026-01-01T00:00:00.7Z c\n2026-01-01T00:00:00.7Z d\n", out);
        // the stream drops after two lines stamped .7; the cursor says: .7, seen 2
        assertThat(l.cursor(false)).isEqualTo(new LogCursor("2026-01-01T00:00:00.7Z", 2, false));
        l.beginConnection();
        // sinceTime has whole seconds: the server answers from .0 again, plus a third line stamped .7
        feed(l, "2026-01-01T00:00:00.5Z a\n2026-01-01T00:00:00.5Z b\n2026-01-01T00:00:00.7Z c\n2026-01-01T00:00:00.7Z d\n"
                + "2026-01-01T00:00:00.7Z e\n2026-01-01T00:00:01.1Z f\n", out);
        assertThat(out).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void aPartialLineAtACutIsReadAgainNotDeliveredTwice() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T00:00:00Z one\n2026-01-01T00:00:00Z tw", out);
        l.beginConnection(); // the connection broke: the half line is forgotten
        feed(l, "2026-01-01T00:00:00Z one\n2026-01-01T00:00:00Z two\n", out);
        assertThat(out).containsExactly("one", "two");
    }

    @Test
    void aCursorFromAHandleResumesExactly() {
        LogLines l = new LogLines(new LogCursor("2026-01-01T00:00:03.25Z", 1, false));
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T00:00:03Z old\n2026-01-01T00:00:03.25Z seen\n2026-01-01T00:00:03.250Z same-instant-new\n", out);
        assertThat(out).containsExactly("same-instant-new");
        assertThat(l.cursor(false)).isEqualTo(new LogCursor("2026-01-01T00:00:03.25Z", 2, false));
    }

    @Test
    void linesWithoutTimestampsAreNeverDropped() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        feed(l, "no timestamp here\n", out);
        l.endOfResponse(into(out));
        assertThat(out).containsExactly("no timestamp here");
        assertThat(l.cursor(false).lastTimestamp()).isNull();
    }

    @Test
    void aHugeLineIsCutNotHeldWhole() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T00:00:00Z ", out);
        String big = "x".repeat(LogLines.MAX_LINE_BYTES);
        feed(l, big, out);
        feed(l, big + "\n2026-01-01T00:00:01Z next\n", out);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).endsWith("[line cut at " + LogLines.MAX_LINE_BYTES + " bytes]");
        assertThat(out.get(1)).isEqualTo("next");
    }

    @Test
    void theLastLineWithoutABreakCountsAtTheEndOfAResponse() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T00:00:00Z last words", out);
        l.endOfResponse(into(out));
        assertThat(out).containsExactly("last words");
    }

    @Test
    void theFastTimestampReaderAgreesWithTheGeneralParser() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            java.time.Instant t = java.time.Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
            String text = java.time.format.DateTimeFormatter.ISO_INSTANT.format(t); // 0, 3, 6 or 9 fraction digits
            assertThat(LogLines.parseUtc(text)).as(text).isEqualTo(java.time.OffsetDateTime.parse(text).toInstant());
        }
        assertThat(LogLines.parseUtc("2026-11-28T23:03:17.123456789Z")).isEqualTo(java.time.Instant.parse("2026-11-28T23:03:17.123456789Z"));
        assertThat(LogLines.parseUtc("2026-11-28T23:03:17Z")).isEqualTo(java.time.Instant.parse("2026-11-28T23:03:17Z"));
        // not the kubelet's form: left to the general parser, which still reads offsets
        for (String odd : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T23:03:17.Z",
                "2026-11-28T23:03:17.1234567890Z", "2026-11-28T23:03:17+01:00", "2026-11-28 23:03:17Z", "x026-11-28T23:03:17Z"}) {
            assertThat(LogLines.parseUtc(odd)).as(odd).isNull();
        }
        assertThat(LogLines.parseInstant("2026-11-28T23:03:17+01:00")).isEqualTo(java.time.Instant.parse("2026-11-28T22:03:17Z"));
    }

    @Test
    void theNewLinesOfAChunkArriveAsOneBlock() {
        LogLines l = new LogLines(LogCursor.START);
        List<Integer> calls = new ArrayList<>();
        byte[] b = ("2026-01-01T00:00:59.9Z a\n2026-01-01T00:01:00Z b\n2026-01-02T00:01:00Z c\n2026-01-01T00:01:00.5Z d\n")
                .getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        LogLines.Block collect = into(out);
        l.feed(b, 0, b.length, (utf8, length, lines) -> {
            calls.add(lines);
            collect.lines(utf8, length, lines);
        });
        assertThat(calls).containsExactly(4);
        assertThat(out).containsExactly("a", "b", "c", "d");
        // seconds were read per line even where only the date changed: the cursor is the latest, the next day
        assertThat(l.cursor(false)).isEqualTo(new LogCursor("2026-01-02T00:01:00Z", 1, false));
    }

    @Test
    void invalidUtf8IsReplacedSoSinksAlwaysGetValidText() {
        LogLines l = new LogLines(LogCursor.START);
        List<String> out = new ArrayList<>();
        byte[] head = "2026-01-01T00:00:00Z bad ".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[head.length + 3];
        System.arraycopy(head, 0, b, 0, head.length);
        b[head.length] = (byte) 0xC3; // a two-byte sequence cut short
        b[head.length + 1] = 'x';
        b[head.length + 2] = '\n';
        l.feed(b, 0, b.length, into(out));
        assertThat(out).containsExactly("bad \uFFFDx");
    }

    @Test
    void timestampsWithAnOffsetAreReadByTheGeneralParserAndDeduplicated() {
        LogLines l = new LogLines(new LogCursor("2026-01-01T00:00:01Z", 1, false));
        List<String> out = new ArrayList<>();
        feed(l, "2026-01-01T01:00:01+01:00 seen\n2026-01-01T01:00:02+01:00 new\n", out);
        assertThat(out).containsExactly("new");
        assertThat(l.cursor(false)).isEqualTo(new LogCursor("2026-01-01T01:00:02+01:00", 1, false));
    }
}

package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte fast path of the sinks ({@link JobEventSink#logLines}) gives exactly what the line-by-line path gives. */
class LogBlocksTest {

    @TempDir
    Path tmp;

    private static byte[] block(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void maskingABlockEqualsMaskingEachLine() {
        Random random = new Random(7);
        String[] alphabet = {"a", "b", "x", "=", " ", "é", "中", "😀", "****", "*", "s3cr3t", "tok", "ken", "中文密钥"};
        for (int round = 0; round < 300; round++) {
            List<String> secrets = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0, len = 1 + random.nextInt(4); k < len; k++) {
                    sb.append(alphabet[random.nextInt(alphabet.length)]);
                }
                secrets.add(sb.toString());
            }
            if (round % 10 == 0) {
                secrets.add("line one of a key\nline two of a key"); // multi-line: its parts are masked
            }
            List<String> inLine = secrets.stream().filter(x -> x.indexOf('\n') < 0).toList(); // a log line has no line break
            List<String> lines = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(30); i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0, len = random.nextInt(12); k < len; k++) {
                    sb.append(random.nextInt(5) == 0 ? inLine.get(random.nextInt(inLine.size())) : alphabet[random.nextInt(alphabet.length)]);
                }
                if (round % 10 == 0 && i == 0) {
                    sb.append("line two of a key");
                }
                lines.add(sb.toString());
            }
            RecordingSink perLine = new RecordingSink();
            JobEventSink lineMasker = SecretMasker.wrap(perLine, secrets);
            lines.forEach(l -> lineMasker.log("worker-0", l));

            RecordingSink perBlock = new RecordingSink();
            byte[] b = block(lines);
            byte[] padded = new byte[b.length + 6];
            System.arraycopy(b, 0, padded, 3, b.length); // a block inside a larger array
            SecretMasker.wrap(perBlock, secrets).logLines("worker-0", padded, 3, 3 + b.length);

            assertThat(perBlock.lines()).as("secrets %s lines %s", secrets, lines).isEqualTo(perLine.lines());
        }
    }

    @Test
    void aBlockWithoutSecretsIsPassedOnUntouched() {
        byte[][] seen = new byte[1][];
        JobEventSink capture = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
            }

            @Override
            public void log(String worker, String line) {
            }

            @Override
            public void logLines(String worker, byte[] utf8, int from, int to) {
                seen[0] = utf8;
            }

            @Override
            public void info(String message) {
            }
        };
        byte[] b = block(List.of("loss=0.1", "loss=0.2"));
        SecretMasker.wrap(capture, List.of("hunter2")).logLines("worker-0", b, 0, b.length);
        assertThat(seen[0]).isSameAs(b);
    }

    @Test
    void prefixingABlockEqualsPrefixingEachLine() {
        RecordingSink out = new RecordingSink();
        byte[] b = "loss=0.1\n\nwörld\nno break at the end".getBytes(StandardCharsets.UTF_8);
        new WorkerPrefixSink(out).logLines("worker-3", b, 0, b.length);
        assertThat(out.lines()).containsExactly("[worker-3] loss=0.1", "[worker-3] ", "[worker-3] wörld", "[worker-3] no break at the end");
    }

    @Test
    void theFileSinkWritesBlocksAndLinesInOrder() throws Exception {
        FileLogSink files = new FileLogSink(tmp, 2);
        files.log("worker-1", "first");
        byte[] b = "second\nthird 中\n".getBytes(StandardCharsets.UTF_8);
        files.logLines("worker-1", b, 0, b.length);
        files.info("note");
        byte[] c = "last".getBytes(StandardCharsets.UTF_8);
        files.logLines("worker-1", c, 0, c.length);
        files.close();
        assertThat(Files.readAllLines(files.file("worker-1"), StandardCharsets.UTF_8))
                .containsExactly("first", "second", "third 中", ServiceLog.infoLine("note"), "last");
    }

    @Test
    void theConsoleWritesBlocksAsBytesAndEncodesForOtherCharsets() {
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        ConsoleSink console = new ConsoleSink(new PrintStream(utf8, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        console.info("start");
        byte[] b = "é 1\né 2".getBytes(StandardCharsets.UTF_8);
        console.logLines("worker-0", b, 0, b.length);
        console.log("worker-0", "é 3");
        assertThat(utf8.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly(ServiceLog.infoLine("start"), "é 1", "é 2", "é 3");

        ByteArrayOutputStream latin = new ByteArrayOutputStream();
        ConsoleSink old = new ConsoleSink(new PrintStream(latin, true, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        old.logLines("worker-0", b, 0, b.length);
        assertThat(latin.toByteArray()).startsWith(0xE9, ' ', '1');
        assertThat(latin.toString(StandardCharsets.ISO_8859_1).lines().toList()).containsExactly("é 1", "é 2");
    }

    @Test
    void theTeeHandsEveryBlockToEachSinkEvenWhenOneFails() {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        JobEventSink broken = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
            }

            @Override
            public void log(String worker, String line) {
                throw new IllegalStateException("closed console");
            }

            @Override
            public void info(String message) {
            }
        };
        byte[] block = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
        JobEventSinks.tee(a, broken, b).logLines("worker-0", block, 0, block.length);
        assertThat(a.lines()).containsExactly("one", "two");
        assertThat(b.lines()).containsExactly("one", "two");
    }
}

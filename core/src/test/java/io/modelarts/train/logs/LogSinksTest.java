package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LogSinksTest {

    @TempDir
    Path tmp;

    @Test
    void theMaskerHidesEverySecretInLinesMessagesAndReasons() {
        RecordingSink out = new RecordingSink();
        JobEventSink masked = SecretMasker.wrap(out, List.of("hunter2", "hunter2-long", ""));

        masked.log("worker-0", "password=hunter2 and hunter2-long, twice hunter2");
        masked.info("connecting with hunter2");
        masked.status(JobStatus.FAILED, "bad hunter2");

        assertThat(out.lines()).containsExactly("password=**** and ****, twice ****");
        assertThat(out.infos()).containsExactly("connecting with ****");
        assertThat(out.events().get(2).text()).isEqualTo("bad ****");
    }

    @Test
    void aMultiLineSecretIsMaskedLineByLine() {
        String pem = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END KEY-----";
        RecordingSink out = new RecordingSink();
        JobEventSink masked = SecretMasker.wrap(out, List.of(pem));

        for (String line : pem.split("\n")) {
            masked.log("worker-0", line);
        }
        masked.log("worker-0", "{");

        assertThat(out.lines()).containsExactly("****", "****", "****", "****", "{");
    }

    @Test
    void withoutSecretsTheSinkIsNotWrapped() {
        RecordingSink out = new RecordingSink();
        assertThat(SecretMasker.wrap(out, List.of())).isSameAs(out);
        assertThat(SecretMasker.wrap(out, null)).isSameAs(out);
    }

    @Test
    void workerPrefixOnlyForMultiNodeJobs() {
        RecordingSink out = new RecordingSink();
        assertThat(WorkerPrefixSink.forNodes(out, 1)).isSameAs(out);

        JobEventSink prefixed = WorkerPrefixSink.forNodes(out, 2);
        prefixed.log("worker-1", "loss 0.3");
        prefixed.info("not prefixed");

        assertThat(out.lines()).containsExactly("[worker-1] loss 0.3");
        assertThat(out.infos()).containsExactly("not prefixed");
    }

    @Test
    void theConsoleShowsStatusAndServiceLines() {
        StringWriter text = new StringWriter();
        ConsoleSink console = new ConsoleSink(new PrintWriter(text));

        console.status(JobStatus.RUNNING, null);
        console.log("worker-0", "epoch 1 loss 0.5");
        console.info("Training finished. Exit code 0.");
        console.status(JobStatus.FAILED, "exit code 1");

        assertThat(text.toString().lines()).containsExactly(
                "[ModelArts Service Log] status: Running",
                "epoch 1 loss 0.5",
                "[ModelArts Service Log] Training finished. Exit code 0.",
                "[ModelArts Service Log] status: Failed (exit code 1)");
    }

    @Test
    void fileSinkWritesOneFilePerWorkerAsLinesArrive() throws Exception {
        Path dir = tmp.resolve("logs");
        try (FileLogSink files = new FileLogSink(dir, 2)) {
            files.status(JobStatus.RUNNING, null);
            files.log("worker-0", "zero");
            files.log("worker-1", "one");
            // streamed: a platform message flushes at once (training lines at most 100 ms later)
            files.info("checkpoint saved");
            assertThat(Files.readAllLines(dir.resolve("worker-0.log")))
                    .containsExactly("[ModelArts Service Log] status: Running", "zero", "[ModelArts Service Log] checkpoint saved");
            files.log("../evil", "stays inside");
            assertThat(files.files()).allMatch(p -> p.getParent().equals(dir));
        }
        assertThat(Files.readAllLines(dir.resolve("worker-1.log")))
                .containsExactly("[ModelArts Service Log] status: Running", "one", "[ModelArts Service Log] checkpoint saved");
        try (FileLogSink again = FileLogSink.appending(dir, 1)) {
            again.log("worker-0", "more");
        }
        assertThat(Files.readAllLines(dir.resolve("worker-0.log"))).endsWith("[ModelArts Service Log] checkpoint saved", "more");
    }

    @Test
    void aBrokenSinkDoesNotStopTheOthers() {
        RecordingSink good = new RecordingSink();
        JobEventSink broken = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                throw new IllegalStateException("console closed");
            }

            @Override
            public void log(String worker, String line) {
                throw new IllegalStateException("console closed");
            }

            @Override
            public void info(String message) {
                throw new IllegalStateException("console closed");
            }
        };
        JobEventSink both = JobEventSinks.tee(broken, good);

        both.status(JobStatus.RUNNING, null);
        both.log("worker-0", "line");
        both.info("message");

        assertThat(good.events()).hasSize(3);
    }

    @Test
    void progressIsQuietForShortTransfersThenThrottled() {
        RecordingSink out = new RecordingSink();
        AtomicLong now = new AtomicLong();
        TransferProgress p = new TransferProgress(out, "Downloading input data_url", Duration.ofSeconds(2), Duration.ofSeconds(5), now::get);

        p.progress(10, 100);
        now.set(Duration.ofSeconds(1).toNanos());
        p.progress(50, 100);
        assertThat(out.infos()).isEmpty();

        now.set(Duration.ofSeconds(6).toNanos());
        p.progress(60_000_000, 100_000_000);
        now.set(Duration.ofSeconds(7).toNanos());
        p.progress(70_000_000, 100_000_000);
        now.set(Duration.ofSeconds(12).toNanos());
        p.progress(100_000_000, 100_000_000);

        assertThat(out.infos()).containsExactly(
                "Downloading input data_url: 60 MB of 100 MB (60%)",
                "Downloading input data_url: 100 MB of 100 MB (100%)");
        assertThat(String.join("", out.infos())).matches("\\p{ASCII}*");
    }
}

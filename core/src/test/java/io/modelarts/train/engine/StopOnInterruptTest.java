package io.modelarts.train.engine;

import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TrainingRun#awaitStoppingOnInterrupt}, the one way the command line and the freestyle builder wait for a run:
 * an interrupt of the waiting thread stops the job, which still syncs and collects its outputs.
 */
class StopOnInterruptTest {

    /**
     * Writes a checkpoint, says so, then trains "forever"; with --stubborn yes it also ignores SIGTERM (the boot command
     * execs python, so no shell ends in its place).
     */
    static final String SCRIPT = """
            import argparse, os, signal, time
            p = argparse.ArgumentParser()
            p.add_argument("--train_url")
            p.add_argument("--stubborn", default="no")
            args, _ = p.parse_known_args()
            if args.stubborn == "yes":
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            with open(os.path.join(args.train_url, "epoch1.txt"), "w") as f:
                f.write("checkpoint")
            print("training", flush=True)
            time.sleep(300)
            """;

    @TempDir
    Path tmp;
    LocalProject project;

    @BeforeEach
    void setUp() throws IOException {
        project = new LocalProject(tmp, SCRIPT, o -> o.withStopGracePeriod(Duration.ofSeconds(3)));
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    TrainingRun start(String name, String stubborn, RecordingSink sink) throws IOException {
        Path file = project.jobFile(name, """
                name: %s
                algorithm:
                  image: local
                  codeDir: code
                  bootCommand: exec python3 ${MA_JOB_DIR}/code/train.py
                outputs:
                  - dataPath: obs://bucket/%s/output/
                hyperparameters:
                  stubborn: %s
                """.formatted(name, name, stubborn));
        return TrainingRun.start(project.plan(file), project.backend, project.store, RunSettings.into(tmp.resolve("artifacts/" + name)), sink);
    }

    /** Runs {@code wait} on a thread of its own, interrupts it once the job trains, and returns what it threw. */
    static Throwable interruptWhileWaiting(RecordingSink sink, ThrowingWait wait) throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                wait.run();
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        }, "waiting-for-the-run");
        waiter.start();
        sink.awaitLine(l -> l.equals("training"));
        waiter.interrupt();
        return thrown.get(60, TimeUnit.SECONDS);
    }

    interface ThrowingWait {
        void run() throws Exception;
    }

    @Test
    void anInterruptStopsTheJobAndTheOutcomeStillHasItsOutputs() throws Exception {
        RecordingSink sink = new RecordingSink();
        TrainingRun run = start("interrupted", "no", sink);
        AtomicBoolean announced = new AtomicBoolean();

        Throwable thrown = interruptWhileWaiting(sink,
                () -> run.awaitStoppingOnInterrupt("aborted by the test", Duration.ofSeconds(30), () -> announced.set(true)));

        assertThat(thrown).isInstanceOf(RunInterruptedException.class).hasCauseInstanceOf(InterruptedException.class)
                .hasMessage("interrupted; the job was stopped (aborted by the test)");
        assertThat(announced).isTrue();
        RunOutcome outcome = ((RunInterruptedException) thrown).outcome();
        assertThat(outcome).isNotNull();
        assertThat(outcome.result().status()).as(sink.transcript()).isEqualTo(JobStatus.TERMINATED);
        assertThat(outcome.result().reason()).isEqualTo("aborted by the test");
        assertThat(outcome.artifactsDir().resolve("outputs/train_url/epoch1.txt")).hasContent("checkpoint");
    }

    @Test
    void aJobThatOutlastsTheGraceIsReportedAsATimeout() throws Exception {
        RecordingSink sink = new RecordingSink();
        TrainingRun run = start("stubborn", "yes", sink);

        Throwable thrown = interruptWhileWaiting(sink,
                () -> run.awaitStoppingOnInterrupt("aborted by the test", Duration.ofMillis(300), null));

        assertThat(thrown).isInstanceOf(RunInterruptedException.class)
                .hasMessage("interrupted; the job was stopped (aborted by the test) but had not ended after PT0.3S");
        assertThat(((RunInterruptedException) thrown).outcome()).isNull();
        // SIGTERM is ignored: the stop grace period ends in SIGKILL, and the outcome follows after all
        assertThat(run.outcome().get(60, TimeUnit.SECONDS).result().status()).isEqualTo(JobStatus.TERMINATED);
    }

    @Test
    void withoutAnInterruptItIsAwait() throws Exception {
        RecordingSink sink = new RecordingSink();
        TrainingRun run = start("finishes", "no", sink);
        sink.awaitLine(l -> l.equals("training"));
        run.stop("stopped from elsewhere");

        RunOutcome outcome = run.awaitStoppingOnInterrupt("not used", Duration.ofSeconds(1), () -> {
            throw new AssertionError("no interrupt happened");
        });

        assertThat(outcome.result().reason()).isEqualTo("stopped from elsewhere");
    }

    @Test
    void closingTheLocalBackendKeepsTheCallersInterrupt() throws Exception {
        RecordingSink sink = new RecordingSink();
        TrainingRun run = start("closing", "no", sink);
        sink.awaitLine(l -> l.equals("training"));

        Thread.currentThread().interrupt();
        project.backend.close();

        assertThat(Thread.interrupted()).as("interrupt flag after close()").isTrue();
        // close() told the job to stop even though it did not wait
        assertThat(run.outcome().get(60, TimeUnit.SECONDS).result().reason()).isEqualTo("the local backend was closed");
    }
}

package io.modelarts.train.engine;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.testing.LogRecords;
import io.modelarts.train.validation.ValidationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** A bug in checking a job: the user reads a problem without a stack trace, the log keeps the trace. */
class JobPreparationCrashTest {

    @Test
    void aCrashOfTheCheckIsAProblemForTheUserAndATraceInTheLog() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                name: crash
                algorithm:
                  image: local
                  bootCommand: python3 train.py
                """, "job.yaml", Path.of("."));
        IllegalStateException bug = new IllegalStateException("a bug in a check");

        JobPreparation prep;
        try (LogRecords log = LogRecords.of(JobPreparation.class)) {
            prep = JobPreparation.prepare(loaded, null, ValidationContext.local(), (l, ctx) -> {
                throw bug;
            });
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isSameAs(bug);
                assertThat(r.getMessage()).isEqualTo("checking the job failed unexpectedly");
            });
        }

        assertThat(prep.outcome()).isEqualTo(JobPreparation.Outcome.INVALID);
        assertThat(prep.problems().all()).containsExactly(
                Problem.error("", "the job could not be checked: java.lang.IllegalStateException: a bug in a check"));
        assertThat(prep.problems().describe()).doesNotContain("\tat ", "JobPreparationCrashTest");
    }

    @Test
    void aJobThatChecksCleanlyLogsNothing() {
        JobSpecLoader.Result loaded = JobSpecLoader.loadText("""
                name: fine
                algorithm:
                  image: local
                  bootCommand: python3 train.py
                """, "job.yaml", Path.of("."));
        try (LogRecords log = LogRecords.of(JobPreparation.class)) {
            assertThat(JobPreparation.prepare(loaded, null, ValidationContext.local()).isReady()).isTrue();
            assertThat(log.records()).extracting(LogRecord::getMessage).isEmpty();
        }
    }
}

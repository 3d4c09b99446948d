package io.modelarts.train.validation;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.testing.LogRecords;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** A part of the validation that throws (a bug) hides nothing else and leaves its trace in the log. */
class ValidationRunTest {

    @Test
    void aThrowingPartBecomesAProblemOfItsFieldAndAWarningWithTheTrace() {
        JobSpec spec = new JobSpec("job", null, null, List.of(), List.of(), Map.of(), Map.of(), 0, null, 1, List.of(), List.of(),
                null, null, null, null);
        ValidationRun run = new ValidationRun(spec, null);
        IllegalStateException bug = new IllegalStateException("a bug in a check");

        try (LogRecords log = LogRecords.of(ValidationRun.class)) {
            run.guard("priority", () -> {
                throw bug;
            });
            run.guard("autoStop", () -> run.add(Problem.error("autoStop", "still checked")));
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getThrown()).isSameAs(bug);
                assertThat(r.getMessage()).isEqualTo("checking priority of job job failed unexpectedly");
            });
        }

        assertThat(run.problems()).containsExactly(
                Problem.error("priority", "could not be checked (IllegalStateException: a bug in a check)"),
                Problem.error("autoStop", "still checked"));
    }
}

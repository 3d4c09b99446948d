package io.modelarts.train.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void theValidateFormat() {
        assertThat(Problem.error("sfsTurbo[1].localPath", "must not be /cache")).hasToString("sfsTurbo[1].localPath: must not be /cache");
        assertThat(Problem.warning("environment.MA_HOME", "overrides")).hasToString("warning: environment.MA_HOME: overrides");
        assertThat(Problem.error("", "job.yaml is empty")).hasToString("job.yaml is empty");
    }

    @Test
    void alwaysOneLine() {
        Problem p = Problem.error("environment.A\nB", "got 'x\r\ny\u0000z\u2028\u202E\tw'");
        assertThat(p.field()).isEqualTo("environment.A\\nB");
        assertThat(p.message()).isEqualTo("got 'x\\r\\ny\\u0000z\\u2028\\u202E\\tw'");
        assertThat(Problem.error("f", "\uD800 lone surrogate").message()).isEqualTo("\\uD800 lone surrogate");
        assertThat(Problem.error("f", "é 😀 ok").message()).isEqualTo("é 😀 ok");
    }

    @Test
    void problemsSplitErrorsAndWarnings() {
        Problems problems = new Problems(List.of(Problem.warning("a", "w"), Problem.error("b", "e")));
        assertThat(problems.errors()).containsExactly(Problem.error("b", "e"));
        assertThat(problems.warnings()).containsExactly(Problem.warning("a", "w"));
        assertThat(problems.hasErrors()).isTrue();
        assertThat(problems.describe()).isEqualTo("warning: a: w\nb: e\n");
        assertThat(Problems.none().hasErrors()).isFalse();
    }

    @Test
    void quotingCutsLongValues() {
        assertThat(ProblemText.quote("short")).isEqualTo("'short'");
        assertThat(ProblemText.quote("x".repeat(61))).isEqualTo("'" + "x".repeat(60) + "...' (61 characters)");
        assertThat(ProblemText.quote("😀".repeat(61))).isEqualTo("'" + "😀".repeat(60) + "...' (61 characters)");
        assertThat(ProblemText.quote(null)).isEqualTo("nothing");
    }

    @Test
    void numbersAndSizes() {
        assertThat(ProblemText.count(8192)).isEqualTo("8,192");
        assertThat(ProblemText.bytes(1)).isEqualTo("1 byte");
        assertThat(ProblemText.bytes(999)).isEqualTo("999 bytes");
        assertThat(ProblemText.bytes(5_000_000_000L)).isEqualTo("5 GB");
        assertThat(ProblemText.bytes(5_200_000_000L)).isEqualTo("5.2 GB");
        assertThat(ProblemText.bytes(Long.MAX_VALUE)).isEqualTo("9.2 EB");
    }
}

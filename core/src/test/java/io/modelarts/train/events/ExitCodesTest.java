package io.modelarts.train.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

    @Test
    void exitCodesGetModelArtsHints() {
        assertThat(ExitCodes.hint(137)).contains("out of memory");
        assertThat(ExitCodes.hint(247)).contains("out of memory");
        assertThat(ExitCodes.hint(139)).contains("package conflict");
        assertThat(ExitCodes.hint(143)).isEqualTo("killed by signal 15");
        assertThat(ExitCodes.hint(1)).isNull();
    }
}

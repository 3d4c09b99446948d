package io.modelarts.train.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @TempDir
    Path target;

    @Test
    void resolvesSafeKeysInsideTheTarget() {
        assertThat(ObjectKeys.resolveInside(target, "model/w.pt", "out/model/w.pt"))
                .isEqualTo(target.toAbsolutePath().normalize().resolve("model/w.pt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\..\\x", "", "C:x", "a/", "."})
    void refusesKeysThatCouldLeaveTheTarget(String relative) {
        assertThatThrownBy(() -> ObjectKeys.resolveInside(target, relative, "out/" + relative))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("refusing object key 'out/" + relative + "'")
                .hasMessageContaining("would not stay inside " + target);
    }
}

package io.modelarts.train.spec;

import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.rules.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Loader messages say what the user wrote, never a Java type or a misleading file name (issue 12). */
class LoaderMessagesTest {

    @TempDir
    Path tmp;

    static JobSpecLoader.Result load(String yaml) {
        return JobSpecLoader.loadText(yaml, "job.yaml", Path.of("/work"));
    }

    @Test
    void binaryDataIsNamedAsSuch() {
        assertThat(load("name: !!binary aGk=\nalgorithm: {image: registry.example.com/a:1, bootCommand: python t.py}\n").problems())
                .containsExactly(Problem.error("name", "must be text, not binary data (!!binary)"));
    }

    @Test
    void aSetIsNamedAsSuch() {
        assertThat(load("inputs: !!set {a, b}\nalgorithm: {image: registry.example.com/a:1, bootCommand: python t.py}\n").problems())
                .containsExactly(Problem.error("inputs", "must be a list, not a set (!!set)"));
    }

    @Test
    void anEmptyDeviceFileIsNamedByItsPath() {
        Path devNull = Path.of("/dev/null");
        assertThat(JobSpecLoader.load(devNull).problems()).containsExactly(Problem.error("", "/dev/null is empty"));
    }

    @Test
    void aTopLevelListIsAnInvalidJobNamingTheFile() throws IOException {
        Path file = tmp.resolve("list.yaml");
        Files.writeString(file, "- name: a\n- name: b\n");
        JobSpecLoader.Result r = JobSpecLoader.load(file);
        assertThat(r.readable()).isTrue();
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).message()).startsWith(file + " must be a mapping of the job's fields (algorithm, autoRestart,")
                .endsWith("), not a list");
        JobPreparation prep = JobPreparation.fromFiles(file, null, false);
        assertThat(prep.outcome()).isEqualTo(JobPreparation.Outcome.INVALID);
    }

    @Test
    void brokenYamlStaysUnreadable() throws IOException {
        Path file = tmp.resolve("broken.yaml");
        Files.writeString(file, "name: [unclosed\n");
        assertThat(JobPreparation.fromFiles(file, null, false).outcome()).isEqualTo(JobPreparation.Outcome.UNREADABLE);
    }
}

package io.modelarts.train.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.modelarts.train.cli.MainTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@code validate} says about files that hold no job, and about numbers (issue 12). */
class ValidateMessagesTest {

    @TempDir
    Path tmp;

    /** The command with the real renderer (render needs no cluster). */
    static MainTest.Result cliWithRenderer(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.commandLine(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), new KubernetesClusterAccess())
                .execute(args);
        return new MainTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void aTopLevelListIsAnInvalidJobNamingTheFile() throws IOException {
        Path file = tmp.resolve("list.yaml");
        Files.writeString(file, "- name: a\n");
        MainTest.Result r = cli("validate", file.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).startsWith(file + " must be a mapping of the job's fields (").contains("), not a list");
    }

    @Test
    void devNullIsNamedByItsPath() {
        MainTest.Result r = cli("validate", "/dev/null");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("modelarts-train: /dev/null is empty\n");
    }

    @Test
    void aNumberIsQuotedAsWritten() throws IOException {
        Path file = tmp.resolve("job.yaml");
        Files.writeString(file, """
                algorithm: {image: registry.example.com/a:1, bootCommand: python t.py}
                autoRestart: 1e3
                """);
        MainTest.Result r = cli("validate", file.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("autoRestart: must be a whole number, not 1e3\n");
    }

    @Test
    void renderPassesNumbersAsWritten() throws IOException {
        Path file = tmp.resolve("job.yaml");
        Files.writeString(file, """
                name: numbers
                algorithm: {image: registry.example.com/a:1, codeDir: obs://bucket/code, bootCommand: python t.py}
                hyperparameters: {lr: 0.010, steps: 1e3, limit: .inf}
                """);
        MainTest.Result r = cliWithRenderer("render", file.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        assertThat(r.out()).contains("--lr=0.010 --steps=1e3 --limit=.inf");
    }
}

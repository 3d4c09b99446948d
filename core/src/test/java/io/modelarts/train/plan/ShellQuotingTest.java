package io.modelarts.train.plan;

import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Quoting checked by a real POSIX shell: every value must come back as exactly one, unchanged word. */
class ShellQuotingTest {

    @Test
    void everyValueSurvivesTheShellAsOneWord() throws Exception {
        List<String> values = new ArrayList<>(List.of("a b'; touch pwned #", "$(id)", "`id`", "'", "''", "\"", "\\", "*", "?",
                "~", "a\nb", "--x=y", "-", "", " ", "\t", "$HOME", "${HOME}", "!", "&&", "|", ";", ">x", "<x", "ü€😀",
                "%s", "a'b'c", "'\\''"));
        Random random = new Random(42);
        String alphabet = "ab '\"\\$`;&|<>(){}[]*?~#!%=:,./-_\t\n";
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(12);
            for (int j = 0; j < len; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(s.toString());
        }
        StringBuilder cmd = new StringBuilder("printf '%s\\0'");
        for (String v : values) {
            cmd.append(' ').append(ShellQuoting.quote(v));
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", cmd.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        List<String> words = List.of(out.split("\0", -1)).subList(0, values.size());
        assertThat(words).containsExactlyElementsOf(values);
    }

    @Test
    void plainValuesStayReadable() {
        assertThat(ShellQuoting.quote("--epochs=10")).isEqualTo("--epochs=10");
        assertThat(ShellQuoting.quote("/home/ma-user/x")).isEqualTo("/home/ma-user/x");
        assertThat(ShellQuoting.quote("a b")).isEqualTo("'a b'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
    }

    @Test
    void theCommandLineQuotesArgumentsAndMapsPaths() {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: quoting
                algorithm:
                  image: img
                  codeDir: obs://bucket/code/demo/
                  bootCommand: python ${MA_JOB_DIR}/demo/train.py
                inputs:
                  - dataPath: obs://bucket/data/
                outputs:
                  - dataPath: obs://bucket/out/
                    obtainedFrom: environment
                hyperparameters:
                  msg: "it's fine"
                """, "job.yaml", Path.of("/tmp"));
        JobPlan plan = Planner.plan(r.spec(), null);

        assertThat(plan.commandLine(PathMapper.IDENTITY, "python3")).isEqualTo(
                "cd /home/ma-user/modelarts/user-job-dir/demo && python ${MA_JOB_DIR}/demo/train.py"
                        + " --data_url=/home/ma-user/modelarts/inputs/data_url_0 '--msg=it'\\''s fine'");
        assertThat(plan.commandLine(p -> "/jobs/1" + p, "python3"))
                .startsWith("cd /jobs/1/home/ma-user/modelarts/user-job-dir/demo && ")
                .contains("--data_url=/jobs/1/home/ma-user/modelarts/inputs/data_url_0");
        assertThat(plan.environment(p -> "/jobs/1" + p)).containsEntry("train_url", "/jobs/1/home/ma-user/modelarts/outputs/train_url_0")
                .containsEntry("MA_JOB_DIR", "/jobs/1/home/ma-user/modelarts/user-job-dir")
                .containsEntry("MA_NUM_HOSTS", "1");
    }
}

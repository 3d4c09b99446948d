package io.modelarts.train.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.modelarts.train.cli.MainTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code run} checks the object-store paths before anything runs. */
class RunStoreChecksTest {

    @TempDir
    Path tmp;

    MainTest.Result run(String job) throws IOException {
        Path file = tmp.resolve("job.yaml");
        Files.writeString(file, job);
        return cli("run", file.toString(), "--store", tmp.resolve("store").toString(), "--work-dir", tmp.resolve("jobs").toString(),
                "--artifacts", tmp.resolve("artifacts").toString());
    }

    @Test
    void anEmptyObjectStoreCodeDirRunsNothing() throws IOException {
        Files.createDirectories(tmp.resolve("store/bucket/code"));
        MainTest.Result r = run("""
                name: nocode
                algorithm: {image: python:3.11-slim, codeDir: obs://bucket/code/, bootCommand: python3 train.py}
                outputs: [{dataPath: obs://bucket/out/}]
                """);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("algorithm.codeDir: obs://bucket/code/ holds no files: upload the code there, or correct the path",
                "is invalid; nothing was run");
        assertThat(r.out()).doesNotContain("Running job");
        assertThat(tmp.resolve("jobs")).doesNotExist();
    }

    @Test
    void aNonEmptyOutputPathIsAWarningAndTheJobRuns() throws IOException {
        Files.createDirectories(tmp.resolve("store/bucket/code"));
        Files.writeString(tmp.resolve("store/bucket/code/train.py"), "print('trained')\n");
        Files.createDirectories(tmp.resolve("store/bucket/out"));
        Files.writeString(tmp.resolve("store/bucket/out/old.txt"), "from an earlier run\n");
        MainTest.Result r = run("""
                name: reused
                algorithm:
                  image: python:3.11-slim
                  codeDir: obs://bucket/code/
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                outputs: [{dataPath: obs://bucket/out/}]
                """);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("warning: outputs[0].dataPath: obs://bucket/out/ is not empty (1 object)");
        assertThat(r.out()).contains("trained");
    }
}

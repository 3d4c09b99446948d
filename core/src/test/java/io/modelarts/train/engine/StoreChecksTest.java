package io.modelarts.train.engine;

import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.validation.TestJobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits of the page checked on object-store paths before anything runs, by listing a real (folder-backed) store. */
class StoreChecksTest {

    @TempDir
    Path root;

    DirectoryObjectStore store;

    @BeforeEach
    void bucket() throws IOException {
        Files.createDirectories(root.resolve("bucket"));
        store = new DirectoryObjectStore(root);
    }

    void put(String key, int bytes) throws IOException {
        Path file = root.resolve("bucket").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    static JobPlan plan(String extra) {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: checked
                algorithm:
                  image: registry.example.com/a:1
                  codeDir: obs://bucket/code/
                  bootCommand: python train.py
                inputs:
                  - dataPath: obs://bucket/data/
                outputs:
                  - dataPath: obs://bucket/out/
                %s
                """.formatted(extra), "job.yaml", Path.of("/work"));
        assertThat(r.problems()).isEmpty();
        return Planner.plan(r.spec(), extra.contains("resources") ? TestJobs.catalog() : null);
    }

    static final CodeDirLimits SMALL = new CodeDirLimits(100, 3, 2);

    @Test
    void aCodeDirWithinTheLimitsAndEmptyPathsPass() throws IOException {
        put("code/train.py", 10);
        put("code/a/b/util.py", 10);
        put("data/x.csv", 10);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).isEmpty();
    }

    @Test
    void tooManyFilesInTheCodeDir() throws IOException {
        for (int i = 0; i < 4; i++) {
            put("code/f" + i + ".py", 1);
        }
        put("data/x.csv", 1);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).containsExactly(Problem.error("algorithm.codeDir",
                "must have at most 3 files (found 4 in obs://bucket/code/)"));
    }

    @Test
    void tooManyBytesInTheCodeDir() throws IOException {
        put("code/big.bin", 101);
        put("data/x.csv", 1);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).containsExactly(Problem.error("algorithm.codeDir",
                "must be at most 100 bytes in total (found 101 bytes in obs://bucket/code/)"));
    }

    @Test
    void foldersNestedTooDeeply() throws IOException {
        put("code/a/b/c/deep.py", 1);
        put("data/x.csv", 1);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).containsExactly(Problem.error("algorithm.codeDir",
                "must have folders nested at most 2 levels deep (found 'a/b/c' in obs://bucket/code/)"));
    }

    @Test
    void theDefaultLimitsAreThePages() throws IOException {
        put("code/train.py", 1);
        put("data/x.csv", 1);
        assertThat(StoreChecks.check(plan(""), store, null).all()).isEmpty();
        assertThat(CodeDirLimits.DEFAULT).isEqualTo(new CodeDirLimits(5_000_000_000L, 1000, 32));
    }

    @Test
    void anEmptyCodeDirIsRefused() throws IOException {
        put("data/x.csv", 1);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).containsExactly(Problem.error("algorithm.codeDir",
                "obs://bucket/code/ holds no files: upload the code there, or correct the path"));
    }

    @Test
    void aPresetImageNeedsItsBootFileInTheCodeDir() throws IOException {
        put("code/other.py", 1);
        put("data/x.csv", 1);
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: preset
                algorithm: {engine: pytorch-2.3, codeDir: obs://bucket/code/, bootFile: train.py}
                inputs: [{dataPath: obs://bucket/data/}]
                """, "job.yaml", Path.of("/work"));
        JobPlan plan = Planner.plan(r.spec(), null);
        assertThat(StoreChecks.check(plan, store, SMALL).all()).containsExactly(Problem.error("algorithm.bootFile",
                "'train.py' does not exist in the code directory obs://bucket/code/"));
    }

    @Test
    void anInputLargerThanTheFlavorsDiskGetsAWarning() throws IOException {
        put("code/train.py", 1);
        put("data/x.csv", 2000);
        assertThat(StoreChecks.check(plan("resources: {pool: gpu-pool, type: CPU, flavor: tiny-disk}"), store, SMALL).all())
                .containsExactly(Problem.warning("inputs[0].dataPath",
                        "is larger than the 1Ki disk of flavor 'tiny-disk' (2 kB); it may not fit on the node"));
    }

    @Test
    void anEmptyInputGetsAWarning() throws IOException {
        put("code/train.py", 1);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).containsExactly(Problem.warning("inputs[0].dataPath",
                "obs://bucket/data/ holds no objects: the training gets an empty folder"));
    }

    @Test
    void anOutputPathThatIsNotEmptyGetsAWarning() throws IOException {
        put("code/train.py", 1);
        put("data/x.csv", 1);
        put("out/old-model.pt", 1);
        assertThat(StoreChecks.check(plan(""), store, SMALL).all()).containsExactly(Problem.warning("outputs[0].dataPath",
                "obs://bucket/out/ is not empty (1 object); ModelArts asks for an empty folder: files of an earlier run stay"
                        + " there and mix with this run's output"));
    }

    @Test
    void aPredownloadOutputMayHoldFiles() throws IOException {
        put("code/train.py", 1);
        put("data/x.csv", 1);
        put("out/checkpoint.pt", 1);
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: resume
                algorithm: {image: registry.example.com/a:1, codeDir: obs://bucket/code/, bootCommand: python train.py}
                inputs: [{dataPath: obs://bucket/data/}]
                outputs: [{dataPath: obs://bucket/out/, predownload: true}]
                """, "job.yaml", Path.of("/work"));
        assertThat(StoreChecks.check(Planner.plan(r.spec(), null), store, SMALL).all()).isEmpty();
    }

    @Test
    void aPersistentLogPathThatIsNotEmptyGetsAWarning() throws IOException {
        put("code/train.py", 1);
        put("data/x.csv", 1);
        put("logs/old.log", 1);
        assertThat(StoreChecks.check(plan("persistentLogPath: obs://bucket/logs/"), store, SMALL).all())
                .containsExactly(Problem.warning("persistentLogPath", "obs://bucket/logs/ is not empty (1 object); ModelArts asks"
                        + " for an empty folder: this job's logs would mix with what is there"));
    }

    @Test
    void aPathThatCannotBeListedIsAWarning() throws IOException {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: elsewhere
                algorithm: {image: registry.example.com/a:1, bootCommand: python train.py}
                inputs: [{dataPath: obs://no-such-bucket/data/}]
                """, "job.yaml", Path.of("/work"));
        assertThat(StoreChecks.check(Planner.plan(r.spec(), null), store, SMALL).all()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.field()).isEqualTo("inputs[0].dataPath");
            assertThat(p.message()).startsWith("could not be checked: listing obs://no-such-bucket/data/ failed: bucket 'no-such-bucket'");
        });
    }
}

package io.modelarts.train.engine;

import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The buckets a local run creates in the embedded store: those the job writes to, each once. */
class LocalStoreBucketsTest {

    @TempDir
    Path tmp;

    JobPlan plan(String extra) throws IOException {
        Files.createDirectories(tmp.resolve("data"));
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: buckets
                algorithm:
                  image: local
                  bootCommand: python3 train.py
                inputs:
                  - dataPath: obs://inputs-only/data/
                  - name: local_data
                    dataPath: data
                outputs:
                  - dataPath: obs://models/run/
                  - name: second
                    dataPath: s3://models/other/
                %s
                """.formatted(extra), "job.yaml", tmp);
        assertThat(r.problems()).filteredOn(p -> p.isError()).isEmpty();
        return Planner.plan(r.spec(), null);
    }

    @Test
    void outputAndLogBucketsAreCreatedOnceInputBucketsAreNot() throws IOException {
        Path store = tmp.resolve("store");

        assertThat(LocalStoreBuckets.create(store, plan("persistentLogPath: obs://logs/buckets/")))
                .containsExactly(store.resolve("models"), store.resolve("logs"));

        assertThat(store.resolve("models")).isDirectory();
        assertThat(store.resolve("logs")).isDirectory();
        assertThat(store.resolve("inputs-only")).doesNotExist();
    }

    @Test
    void anExistingBucketFolderIsKept() throws IOException {
        Path store = tmp.resolve("store");
        Files.createDirectories(store.resolve("models/run"));
        Files.writeString(store.resolve("models/run/model.bin"), "weights");

        LocalStoreBuckets.create(store, plan(""));

        assertThat(store.resolve("models/run/model.bin")).hasContent("weights");
    }

    @Test
    void aBucketThatCannotBeCreatedIsAnErrorNamingItAndTheStore() throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(store.resolve("models"), "a file where the bucket folder belongs");
        JobPlan plan = plan("");

        assertThatThrownBy(() -> LocalStoreBuckets.create(store, plan))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("cannot create the folder of bucket 'models' (for obs://models/run/) in the local object store "
                        + store + ": java.nio.file.FileAlreadyExistsException");
    }
}

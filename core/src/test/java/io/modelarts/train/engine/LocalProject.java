package io.modelarts.train.engine;

import io.modelarts.train.backend.local.LocalBackend;
import io.modelarts.train.backend.local.LocalBackendOptions;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.DirectoryObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine's run tests start from, in a temp folder: a project ({@code project/code/train.py}, and
 * {@code project/data/data.csv} when asked for), the embedded object store with a bucket named {@code bucket}, and a
 * local backend that uploads outputs every 200 ms and keeps its job folders there too. Close it after each test.
 */
final class LocalProject implements AutoCloseable {

    final Path dir;
    final DirectoryObjectStore store;
    final LocalBackend backend;

    /** {@code options} adjusts the backend's settings (a stop grace period, ...). */
    LocalProject(Path dir, String script, UnaryOperator<LocalBackendOptions> options) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("store/bucket"));
        this.store = new DirectoryObjectStore(dir.resolve("store"));
        this.backend = new LocalBackend(store, options.apply(LocalBackendOptions.defaults(dir.resolve("jobs"))
                .withSyncInterval(Duration.ofMillis(200))));
        Files.writeString(Files.createDirectories(dir.resolve("project/code")).resolve("train.py"), script);
    }

    /** Adds {@code project/data/data.csv} with {@code csv}, for jobs whose input is {@code data}. */
    LocalProject withData(String csv) throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("project/data")).resolve("data.csv"), csv);
        return this;
    }

    /** Writes {@code yaml} as {@code project/NAME.yaml}, next to the code, and returns its path. */
    Path jobFile(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve("project/" + name + ".yaml"), yaml);
    }

    /** Loads, checks and plans {@code jobFile}; a job that is not ready fails the test with its problems. */
    JobPlan plan(Path jobFile) {
        JobPreparation prep = JobPreparation.fromFiles(jobFile, null, false);
        assertThat(prep.isReady()).as(prep.problems().describe()).isTrue();
        return prep.plan();
    }

    @Override
    public void close() {
        backend.close();
    }
}

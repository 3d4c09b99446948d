package io.modelarts.train.backend.local;

import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.RecordingSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.storage.DirectoryObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A preset job on the local backend runs in a virtual environment of its own, with the code dir's requirements
 * installed into it first (a real pip installing a real local wheel, no network), and a multi-node PyTorch engine
 * gets ModelArts' distributed arguments.
 */
class PresetEngineLocalTest {

    @TempDir
    Path tmp;
    LocalBackend backend;

    @BeforeEach
    void setUp() throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        backend = new LocalBackend(new DirectoryObjectStore(store), LocalBackendOptions.defaults(tmp.resolve("jobs"))
                .withSyncInterval(Duration.ofMillis(200)).withKeepJobDirectory(true));
    }

    Path code(String bootFile, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src/demo-code"));
        Files.writeString(dir.resolve("train.py"), bootFile);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    JobPlan plan(int nodes) {
        JobSpecLoader.Result r = JobSpecLoader.loadText("""
                name: preset-local
                algorithm: {engine: pytorch-2.3, codeDir: src/demo-code, bootFile: train.py}
                resources: {nodes: %d}
                """.formatted(nodes), "job.yaml", tmp);
        assertThat(r.problems()).isEmpty();
        return Planner.plan(r.spec(), null);
    }

    JobResult run(JobPlan plan, RecordingSink sink) throws Exception {
        return backend.submit(plan, sink).completion().get(5, TimeUnit.MINUTES);
    }

    /** A pure-Python wheel built here: {@code demo_dep} with {@code VALUE}. Nothing to download. */
    static void wheel(Path file) throws IOException {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("demo_dep/__init__.py", "VALUE = 'from the wheel'\n");
        entries.put("demo_dep-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo-dep\nVersion: 1.0\n");
        entries.put("demo_dep-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        entries.put("demo_dep-1.0.dist-info/RECORD", "demo_dep/__init__.py,,\ndemo_dep-1.0.dist-info/METADATA,,\n"
                + "demo_dep-1.0.dist-info/WHEEL,,\ndemo_dep-1.0.dist-info/RECORD,,\n");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    @Test
    void aWheelInPipRequirementsIsInstalledIntoTheJobsOwnEnvironment() throws Exception {
        Path code = code("""
                import sys, demo_dep
                print("DEP " + demo_dep.VALUE)
                print("VENV " + str(sys.prefix != sys.base_prefix) + " " + sys.prefix)
                """, Map.of("pip-requirements.txt", "demo_dep-1.0-py3-none-any.whl\n"));
        wheel(code.resolve("demo_dep-1.0-py3-none-any.whl"));
        RecordingSink sink = new RecordingSink();
        JobResult result = run(plan(1), sink);

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.infos()).anyMatch(i -> i.startsWith("Creating the job's Python environment: python3 -m venv --system-site-packages"))
                .contains("Installing the dependencies in pip-requirements.txt", "Dependencies in pip-requirements.txt installed");
        assertThat(sink.lines()).contains("DEP from the wheel").anyMatch(l -> l.startsWith("VENV True ") && l.endsWith("/.venv"))
                .anyMatch(l -> l.contains("Successfully installed demo-dep-1.0"));
        // the machine's own Python did not get it
        Process system = new ProcessBuilder("python3", "-c", "import demo_dep").redirectErrorStream(true).start();
        system.getInputStream().readAllBytes();
        assertThat(system.waitFor()).isNotZero();
    }

    @Test
    void aFailedInstallationFailsTheJobBeforeTheBootFile() throws Exception {
        code("print('BOOT FILE RAN')\n", Map.of("requirements.txt", "not a requirement!!\n"));
        RecordingSink sink = new RecordingSink();
        JobResult result = run(plan(1), sink);

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.reason()).isEqualTo("installing the dependencies in requirements.txt failed; the boot file was not run"
                + " (exit code 1)");
        assertThat(sink.lines()).noneMatch(l -> l.contains("BOOT FILE RAN")).anyMatch(l -> l.contains("Invalid requirement"));
    }

    @Test
    void withoutRequirementsTheBootFileStillRunsInTheJobsEnvironment() throws Exception {
        code("import sys\nprint('VENV ' + str(sys.prefix != sys.base_prefix))\n", Map.of());
        RecordingSink sink = new RecordingSink();
        JobResult result = run(plan(1), sink);

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines()).contains("VENV True");
        assertThat(sink.infos()).noneMatch(i -> i.startsWith("Installing"));
    }

    @Test
    void twoPyTorchWorkersGetTheDistributedArguments() throws Exception {
        code("import sys, os\nprint('ARGS %s %s' % (os.environ['VC_TASK_INDEX'], ' '.join(sys.argv[1:])))\n", Map.of());
        RecordingSink sink = new RecordingSink();
        JobResult result = run(plan(2), sink);

        assertThat(result.status()).as(sink.transcript()).isEqualTo(JobStatus.COMPLETED);
        assertThat(sink.lines("worker-0")).contains("ARGS 0 --init_method tcp://127.0.0.1:6666 --rank 0 --world_size 2");
        assertThat(sink.lines("worker-1")).contains("ARGS 1 --init_method tcp://127.0.0.1:6666 --rank 1 --world_size 2");
    }
}

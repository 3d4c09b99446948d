package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.testing.kube.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose code and input are local folders (a Jenkins workspace) runs on Kubernetes: the engine
 * uploads them to a staging folder of the submission first, and the pods download them from there.
 */
class LocalStagingTest extends KubeBackendTestSupport {

    @TempDir
    Path tmp;

    @Test
    void localCodeAndInputsAreUploadedAndTheJobReadsTheStagedCopies() throws Exception {
        Path code = Files.createDirectories(tmp.resolve("workspace/demo-code"));
        Files.writeString(code.resolve("train.py"), "print('hello')\n");
        Path data = Files.createDirectories(tmp.resolve("workspace/data"));
        Files.writeString(data.resolve("train.csv"), "x,y\n1,0\n");
        behaviour(pod -> {
            pod.runDownload();
            pod.start();
            pod.log("trained");
            pod.exit(0);
        });
        String yaml = KubeFixtures.SINGLE
                .replace("codeDir: obs://bucket/training-test/demo-code/", "codeDir: " + code)
                .replace("dataPath: obs://bucket/mnist/", "dataPath: " + data);
        RecordingSink sink = new RecordingSink();
        try (DirectoryObjectStore store = new DirectoryObjectStore(tmp.resolve("store"))) {
            TrainingRun run = TrainingRun.start(plan(yaml).withSubmissionKey("build-7"), backend, store,
                    RunSettings.into(tmp.resolve("artifacts")), sink);
            RunOutcome outcome = run.await();

            assertThat(outcome.result().status()).as(sink.dump()).isEqualTo(JobStatus.COMPLETED);
            Path staging = tmp.resolve("store/bucket/.modelarts-train/staging");
            try (Stream<Path> files = Files.walk(staging)) {
                List<String> staged = files.filter(Files::isRegularFile).map(p -> staging.relativize(p).toString()).sorted().toList();
                assertThat(staged).hasSize(2);
                assertThat(staged.get(0)).startsWith("Mnist_Demo-").endsWith("/code/demo-code/train.py");
                assertThat(staged.get(1)).endsWith("/inputs/data_url/train.csv");
            }
            // the pods fetch the staged copies; the local paths never reach the cluster
            Job job = jobs().get(0);
            String rendered = KubernetesRenderer.toYaml(List.of(job));
            assertThat(rendered).contains("bucket/.modelarts-train/staging/Mnist_Demo-").doesNotContain(code.toString())
                    .doesNotContain(data.toString());
            assertThat(sink.infos()).anySatisfy(l -> assertThat(l).contains("Uploading the local code directory"));
        }
    }

    @Test
    void withoutAnObjectPathToStageToTheRunIsRefusedWithTheReason() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(code.resolve("train.py"), "print('hello')\n");
        String yaml = """
                name: nowhere
                algorithm:
                  image: registry.example.com/team/pytorch:2.3
                  codeDir: %s
                  bootCommand: python train.py
                resources: {pool: gpu-pool, type: GPU, flavor: gpu-1x}
                """.formatted(code);
        try (DirectoryObjectStore store = new DirectoryObjectStore(tmp.resolve("store"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingRun.start(plan(yaml), backend, store,
                            RunSettings.into(tmp.resolve("artifacts")), new RecordingSink()))
                    .hasMessageContaining("outputs[0].dataPath");
            assertThat(jobs()).isEmpty();
        }
    }
}

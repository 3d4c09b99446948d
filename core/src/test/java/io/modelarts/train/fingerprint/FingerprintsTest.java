package io.modelarts.train.fingerprint;

import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {

    @TempDir
    Path tmp;

    @Test
    void aLocalTreeHashesPathsAndContent() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code/pkg"));
        Files.writeString(tmp.resolve("code/train.py"), "print('hi')\n");
        Files.writeString(code.resolve("util.py"), "X = 1\n");
        Fingerprint.Part before = Fingerprints.localTree(tmp.resolve("code"));
        assertThat(before.files()).isEqualTo(2);
        assertThat(before.bytes()).isEqualTo(18);
        assertThat(Fingerprints.localTree(tmp.resolve("code"))).isEqualTo(before);

        Files.writeString(code.resolve("util.py"), "X = 2\n"); // same size, one byte changed
        assertThat(Fingerprints.localTree(tmp.resolve("code")).hash()).isNotEqualTo(before.hash());
        Files.writeString(code.resolve("util.py"), "X = 1\n");
        assertThat(Fingerprints.localTree(tmp.resolve("code")).hash()).isEqualTo(before.hash());
        Files.move(code.resolve("util.py"), code.resolve("utils.py")); // renamed
        assertThat(Fingerprints.localTree(tmp.resolve("code")).hash()).isNotEqualTo(before.hash());
    }

    @Test
    void anObjectStoreInputIsAListingOfKeysSizesAndEtags() throws Exception {
        try (S3TestServer s3 = S3TestServer.start("data");
             S3ObjectStore store = new S3ObjectStore(s3.settings())) {
            for (int i = 0; i < 120; i++) {
                s3.putDirect("data", "mnist/part-" + i + ".csv", ("row " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            s3.putDirect("data", "mnist-other.csv", "not inside the folder\n".getBytes(StandardCharsets.UTF_8));

            Fingerprint.Part first = Fingerprints.listing("obs://data/mnist/", store);
            assertThat(first.files()).isEqualTo(120);
            assertThat(Fingerprints.listing("obs://data/mnist/", store)).isEqualTo(first);

            s3.putDirect("data", "mnist/part-7.csv", "row X\n".getBytes(StandardCharsets.UTF_8)); // same size, another ETag
            assertThat(Fingerprints.listing("obs://data/mnist/", store).hash()).isNotEqualTo(first.hash());
        }
    }

    @Test
    void theJobHashIgnoresNamePathsGateAndMetricsButNotWhatTrains() throws IOException {
        Files.createDirectories(tmp.resolve("code"));
        Files.createDirectories(tmp.resolve("store/bkt"));
        String base = """
                name: %s
                description: %s
                algorithm:
                  image: python:3.11
                  codeDir: code
                  bootCommand: python3 ${MA_JOB_DIR}/code/train.py
                outputs:
                  - dataPath: obs://bkt/%s/
                hyperparameters:
                  lr: "%s"
                %s
                """;
        String a = hash(base.formatted("a", "one", "out-a", "0.1", ""));
        assertThat(hash(base.formatted("b", "two", "out-b", "0.1", "gate: ['acc >= 0.5']\nskipIfUnchanged: true"))).isEqualTo(a);
        assertThat(hash(base.formatted("a", "one", "out-a", "0.2", ""))).isNotEqualTo(a);
    }

    private String hash(String yaml) throws IOException {
        Path job = tmp.resolve("job.yaml");
        Files.writeString(job, yaml);
        JobPreparation prep = JobPreparation.fromFiles(job, null, false);
        assertThat(prep.isReady()).as(prep.problems().describe()).isTrue();
        JobPlan plan = prep.plan();
        Fingerprint f = Fingerprints.of(plan, new DirectoryObjectStore(tmp.resolve("store")));
        assertThat(Fingerprint.fromJson(f.toJson())).isEqualTo(f);
        return f.job();
    }
}

package io.modelarts.train.output;

import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.storage.Checksums;
import io.modelarts.train.storage.DirectoryObjectStore;
import io.modelarts.train.storage.ObjectInfo;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3ObjectStore;
import io.modelarts.train.storage.StorageException;
import io.modelarts.train.storage.TestTrees;
import io.modelarts.train.storage.TransferListener;
import io.modelarts.train.storage.TransferReport;
import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.modelarts.train.storage.TestTrees.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputCollectorTest {

    private static S3TestServer server;

    @TempDir
    Path tmp;

    private final OutputCollector collector = new OutputCollector();

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start("outputs");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void collectsEachOutputIntoItsOwnFolder() {
        DirectoryObjectStore store = new DirectoryObjectStore(tmp.resolve("store"));
        store.putBytes(ObjectUri.parse("obs://bucket/job/out/model/w.pt"), bytes("weights"));
        store.putBytes(ObjectUri.parse("obs://bucket/job/out/metrics.json"), bytes("{}"));
        store.putBytes(ObjectUri.parse("obs://bucket/job/logs/worker-0.log"), bytes("line\n"));
        store.putBytes(ObjectUri.parse("obs://bucket/job/outside.txt"), bytes("not an output"));
        Map<String, ObjectUri> outputs = new LinkedHashMap<>();
        outputs.put("train_url", ObjectUri.parse("obs://bucket/job/out/"));
        outputs.put("log_url", ObjectUri.parse("s3://bucket/job/logs"));
        Path target = tmp.resolve("artifacts");

        CollectionReport report = collector.collect(store, outputs, target, null);

        assertThat(report.fileCount()).isEqualTo(3);
        assertThat(report.bytes()).isEqualTo(7 + 2 + 5);
        assertThat(report.files()).containsExactly(target.resolve("log_url/worker-0.log"),
                target.resolve("train_url/metrics.json"), target.resolve("train_url/model/w.pt"));
        assertThat(fingerprint(target)).containsOnlyKeys("train_url/model/w.pt", "train_url/metrics.json",
                "log_url/worker-0.log");
        assertThat(report.summary()).startsWith("collected 3 files, 14 bytes in ");
    }

    @Test
    void theArchiveGlobSelectsWhatIsKept() {
        DirectoryObjectStore store = new DirectoryObjectStore(tmp.resolve("store"));
        for (String key : List.of("best.pt", "ckpt/e1.pt", "ckpt/e1.json", "model/config.yaml", "train.log")) {
            store.putBytes(ObjectUri.parse("obs://bucket/out/" + key), bytes(key));
        }
        Map<String, ObjectUri> outputs = Map.of("train_url", ObjectUri.parse("obs://bucket/out/"));

        CollectionReport pts = collector.collect(store, outputs, tmp.resolve("a"), "**/*.pt");
        CollectionReport models = collector.collect(store, outputs, tmp.resolve("b"), "model/**, *.log");

        assertThat(pts.fileCount()).isEqualTo(2);
        assertThat(fingerprint(tmp.resolve("a"))).containsOnlyKeys("train_url/best.pt", "train_url/ckpt/e1.pt");
        assertThat(fingerprint(tmp.resolve("b"))).containsOnlyKeys("train_url/model/config.yaml", "train_url/train.log");
        assertThat(models.fileCount()).isEqualTo(2);
    }

    @Test
    void refusesKeysThatWouldEscapeTheTargetAndWritesNothing() throws IOException {
        FakeStore store = new FakeStore();
        store.put("out/fine.txt", bytes("ok"));
        store.put("out/../../../home/user/.bashrc", bytes("evil"));
        Path target = tmp.resolve("artifacts");

        assertThatThrownBy(() -> collector.collect(store, Map.of("train_url", ObjectUri.parse("obs://bucket/out/")), target, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("refusing object key 'out/../../../home/user/.bashrc'")
                .hasMessageContaining("'..'");
        assertThat(store.fetches).isZero();
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesAbsoluteAndEmptySegmentKeys() {
        for (String hostile : List.of("out//etc/passwd", "out/a//b", "out/a\\b")) {
            FakeStore store = new FakeStore();
            store.put(hostile, bytes("x"));
            assertThatThrownBy(() -> collector.collect(store, Map.of("o", ObjectUri.parse("obs://bucket/out/")), tmp, null))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("refusing object key '" + hostile + "'");
        }
    }

    @Test
    void aTruncatedDownloadFailsAndLeavesNoFileBehind() throws IOException {
        FakeStore store = new FakeStore();
        store.put("out/model.bin", new byte[1000]);
        store.truncateTo = 600;
        Path target = tmp.resolve("artifacts");

        assertThatThrownBy(() -> collector.collect(store, Map.of("train_url", ObjectUri.parse("obs://bucket/out")), target, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("obs://bucket/out/model.bin has 600 bytes, but the store lists 1000 bytes");
        assertThat(TestTrees.countFiles(target)).isZero(); // neither the final name nor a temporary one
    }

    @Test
    void aCorruptDownloadIsCaughtByItsMd5() {
        FakeStore store = new FakeStore();
        store.put("out/model.bin", bytes("the real content"));
        store.claimedMd5 = "0123456789abcdef0123456789abcdef";
        Path target = tmp.resolve("artifacts");

        assertThatThrownBy(() -> collector.collect(store, Map.of("train_url", ObjectUri.parse("obs://bucket/out")), target, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("obs://bucket/out/model.bin is corrupt")
                .hasMessageContaining("0123456789abcdef0123456789abcdef");
        assertThat(TestTrees.countFiles(target)).isZero();
    }

    @Test
    void anOutputNameMustBeAFolderName() {
        assertThatThrownBy(() -> collector.collect(new FakeStore(), Map.of("../x", ObjectUri.parse("obs://bucket/out/")), tmp, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("output name '../x'");
    }

    @Test
    void collectsFromAnS3StoreVerifyingSizesAndChecksums() throws IOException {
        Path out = tmp.resolve("job-output");
        TestTrees.randomFile(out.resolve("model/weights.bin"), 6 * 1024 * 1024, 1); // multipart: no MD5 to check
        for (int i = 0; i < 20; i++) {
            TestTrees.randomFile(out.resolve("ckpt/e" + i + ".pt"), 1000 + i, i); // single part: MD5 checked
        }
        TestTrees.write(out.resolve("train.log"), "done\n");
        ObjectUri prefix = ObjectUri.parse("obs://outputs/jobs/j1/");
        long[] lastProgress = new long[2];
        TransferListener progress = (done, total) -> {
            synchronized (lastProgress) {
                lastProgress[0] = Math.max(lastProgress[0], done);
                lastProgress[1] = total;
            }
        };

        try (ObjectStore store = new S3ObjectStore(server.settingsBuilder()
                .multipartThreshold(5 * 1024 * 1024).partSize(5 * 1024 * 1024).build())) {
            TransferReport up = store.syncUp(out, prefix);
            assertThat(up.files()).isEqualTo(22);

            CollectionReport report = new OutputCollector(3).collect(store, Map.of("train_url", prefix),
                    tmp.resolve("artifacts"), null, progress);

            assertThat(report.fileCount()).isEqualTo(22);
            assertThat(report.bytes()).isEqualTo(up.bytes());
            assertThat(lastProgress).containsExactly(up.bytes(), up.bytes());
        }
        Map<String, String> expected = new TreeMap<>();
        fingerprint(out).forEach((k, v) -> expected.put("train_url/" + k, v));
        assertThat(fingerprint(tmp.resolve("artifacts"))).isEqualTo(expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An in-memory store that can hold any key and misbehave on request. */
    private static final class FakeStore implements ObjectStore {
        private final Map<String, byte[]> objects = new TreeMap<>();
        int truncateTo = -1;
        String claimedMd5;
        int fetches;

        void put(String key, byte[] content) {
            objects.put(key, content);
        }

        @Override
        public List<ObjectInfo> list(ObjectUri location) {
            return objects.entrySet().stream()
                    .filter(e -> e.getKey().equals(location.key()) || e.getKey().startsWith(location.folderPrefix()))
                    .map(e -> new ObjectInfo(e.getKey(), e.getValue().length, null, null))
                    .toList();
        }

        @Override
        public ObjectInfo getFile(ObjectUri source, Path file) {
            fetches++;
            byte[] content = objects.get(source.key());
            byte[] written = truncateTo < 0 ? content : Arrays.copyOf(content, truncateTo);
            try {
                Files.write(file, written);
                String md5 = claimedMd5 != null ? claimedMd5 : Checksums.md5Hex(file);
                return new ObjectInfo(source.key(), content.length, md5, null);
            } catch (IOException e) {
                throw new StorageException(e.getMessage(), e);
            }
        }

        @Override
        public InputStream open(ObjectUri source) {
            return new ByteArrayInputStream(objects.get(source.key()));
        }

        @Override
        public TransferReport uploadCodeDirectory(Path dir, ObjectUri target, CodeDirLimits limits, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TransferReport download(ObjectUri location, Path targetDir, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TransferReport syncUp(Path dir, ObjectUri prefix, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putFile(Path file, ObjectUri target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putBytes(ObjectUri target, byte[] bytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}

package io.modelarts.train.storage;

import io.modelarts.train.rules.CodeDirLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.modelarts.train.storage.TestTrees.fingerprint;
import static io.modelarts.train.storage.TestTrees.randomFile;
import static io.modelarts.train.storage.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ObjectStore} shares; each implementation runs all of it. Each test
 * works below its own prefix, so the store can be shared by the whole class.
 */
abstract class ObjectStoreContractTest {

    static final int BIG_FILE_SIZE = 64 * 1024 * 1024;

    @TempDir
    Path tmp;

    /** {@code obs://<bucket>/<test name>/}: this test's own corner of the store. */
    ObjectUri base;

    /** The store shared by the class. */
    abstract ObjectStore store();

    /** A new store over the same objects, remembering nothing from earlier calls. */
    abstract ObjectStore freshStore();

    /** A bucket that exists in the store. */
    abstract String bucket();

    @BeforeEach
    void prefix(TestInfo test) {
        base = ObjectUri.parse("obs://" + bucket() + "/" + getClass().getSimpleName() + "/"
                + test.getTestMethod().orElseThrow().getName() + "/");
    }

    @Test
    void putBytesThenListAndOpen() throws IOException {
        store().putBytes(base.resolve("a/x.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        store().putBytes(base.resolve("b.txt"), new byte[0]);

        List<ObjectInfo> listed = store().list(base);

        assertThat(listed).extracting(ObjectInfo::key)
                .containsExactly(base.key() + "a/x.txt", base.key() + "b.txt");
        assertThat(listed).extracting(ObjectInfo::size).containsExactly(5L, 0L);
        try (InputStream in = store().open(base.resolve("a/x.txt"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void aLocationNamesAnObjectOrAFolderButNotASiblingWithTheSameStart() {
        store().putBytes(base.resolve("out/a.bin"), new byte[]{1});
        store().putBytes(base.resolve("out/deep/b.bin"), new byte[]{2});
        store().putBytes(base.resolve("outline.txt"), new byte[]{3});
        store().putBytes(base.resolve("single.bin"), new byte[]{4, 5});

        assertThat(store().list(base.resolve("out"))).extracting(ObjectInfo::key)
                .containsExactly(base.key() + "out/a.bin", base.key() + "out/deep/b.bin");
        assertThat(store().list(base.resolve("out/"))).hasSize(2);
        assertThat(store().list(base.resolve("single.bin"))).singleElement()
                .satisfies(o -> assertThat(o.size()).isEqualTo(2));
        assertThat(store().list(base.resolve("missing"))).isEmpty();
    }

    @Test
    void obsAndS3SchemesNameTheSameObject() throws IOException {
        ObjectUri viaS3 = ObjectUri.parse("s3://" + bucket() + "/" + base.key() + "model.txt");
        store().putBytes(viaS3, "same".getBytes(StandardCharsets.UTF_8));

        ObjectUri viaObs = ObjectUri.parse("obs://" + bucket() + "/" + base.key() + "model.txt");
        assertThat(viaObs).isEqualTo(viaS3);
        try (InputStream in = store().open(viaObs)) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("same");
        }
    }

    @Test
    void readingAMissingObjectSaysSo() {
        ObjectUri missing = base.resolve("nothing-here.txt");

        assertThatThrownBy(() -> store().open(missing).close())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store().getFile(missing, tmp.resolve("x")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void putFileAndGetFileRoundTrip() throws IOException {
        Path source = randomFile(tmp.resolve("in.bin"), 100_000, 1);
        store().putFile(source, base.resolve("in.bin"));

        Path copy = tmp.resolve("copy.bin");
        ObjectInfo fetched = store().getFile(base.resolve("in.bin"), copy);

        assertThat(fetched.size()).isEqualTo(100_000);
        assertThat(Checksums.sha256Hex(copy)).isEqualTo(Checksums.sha256Hex(source));
        if (fetched.contentMd5() != null) {
            assertThat(fetched.contentMd5()).isEqualTo(Checksums.md5Hex(source));
        }
    }

    @Test
    void downloadsAFolderBelowTheTargetAndASingleObjectByItsName() {
        store().putBytes(base.resolve("run/model/w.pt"), new byte[]{1, 2, 3});
        store().putBytes(base.resolve("run/log.txt"), new byte[]{4});

        Path folder = tmp.resolve("folder");
        TransferReport report = store().download(base.resolve("run"), folder);
        assertThat(report.files()).isEqualTo(2);
        assertThat(report.bytes()).isEqualTo(4);
        assertThat(fingerprint(folder)).containsOnlyKeys("model/w.pt", "log.txt");

        Path single = tmp.resolve("single");
        store().download(base.resolve("run/model/w.pt"), single);
        assertThat(fingerprint(single)).containsOnlyKeys("w.pt");
    }

    @Test
    void uploadsACodeDirectoryWithItsTree() {
        Path code = tmp.resolve("demo-code");
        write(code.resolve("train.py"), "print('hi')\n");
        write(code.resolve("lib/util.py"), "x = 1\n");
        write(code.resolve("lib/data/cfg.yaml"), "a: b\n");

        TransferReport report = store().uploadCodeDirectory(code, base.resolve("demo-code"), CodeDirLimits.DEFAULT);

        assertThat(report.files()).isEqualTo(3);
        assertThat(report.bytes()).isEqualTo(12 + 6 + 5);
        assertThat(store().list(base)).extracting(ObjectInfo::key).containsExactly(
                base.key() + "demo-code/lib/data/cfg.yaml", base.key() + "demo-code/lib/util.py",
                base.key() + "demo-code/train.py");
    }

    @Test
    void refusesACodeDirectoryWithTooManyFilesBeforeSendingAnything() {
        Path code = tmp.resolve("code");
        for (int i = 0; i < 6; i++) {
            write(code.resolve("f" + i + ".py"), "pass\n");
        }

        assertThatThrownBy(() -> store().uploadCodeDirectory(code, base, new CodeDirLimits(1_000, 5, 2)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("code directory " + code)
                .hasMessageContaining("has 6 files; at most 5 are allowed");
        assertThat(store().list(base)).isEmpty();
    }

    @Test
    void refusesACodeDirectoryThatIsTooDeep() {
        Path code = tmp.resolve("code");
        write(code.resolve("a/b/c/train.py"), "pass\n");

        assertThatThrownBy(() -> store().uploadCodeDirectory(code, base, new CodeDirLimits(1_000, 5, 2)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("has folders 3 levels deep (a/b/c); at most 2 levels are allowed");
        assertThat(store().list(base)).isEmpty();
    }

    @Test
    void refusesACodeDirectoryThatIsTooBig() {
        Path code = tmp.resolve("code");
        randomFile(code.resolve("weights.bin"), 1_500, 2);

        assertThatThrownBy(() -> store().uploadCodeDirectory(code, base, new CodeDirLimits(1_000, 5, 2)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("holds 1.5 kB (1,500 bytes); at most 1 kB (1,000 bytes) are allowed");
        assertThat(store().list(base)).isEmpty();
    }

    @Test
    void syncUpSendsOnlyNewAndChangedFiles() {
        Path out = tmp.resolve("out");
        for (int i = 0; i < 5; i++) {
            write(out.resolve("ckpt/epoch" + i + ".txt"), "epoch " + i);
        }

        TransferReport first = store().syncUp(out, base);
        assertThat(first.files()).isEqualTo(5);
        assertThat(first.unchanged()).isZero();

        TransferReport second = store().syncUp(out, base);
        assertThat(second.files()).isZero();
        assertThat(second.unchanged()).isEqualTo(5);

        write(out.resolve("ckpt/epoch1.txt"), "EPOCH 1"); // same size, other content
        write(out.resolve("ckpt/epoch5.txt"), "epoch 5");
        TransferReport third = store().syncUp(out, base);
        assertThat(third.files()).isEqualTo(2);
        assertThat(third.unchanged()).isEqualTo(4);
        assertThat(third.bytes()).isEqualTo(14);

        // a new store has no memory of what it sent: it compares content with the store
        try (ObjectStore fresh = freshStore()) {
            TransferReport fourth = fresh.syncUp(out, base);
            assertThat(fourth.files()).isZero();
            assertThat(fourth.unchanged()).isEqualTo(6);
        }
    }

    @Test
    void syncUpOfAMissingDirectoryDoesNothing() {
        TransferReport report = store().syncUp(tmp.resolve("not-yet-created"), base);

        assertThat(report.files()).isZero();
        assertThat(store().list(base)).isEmpty();
    }

    @Test
    void syncUpKeepsGoingWhileFilesGrowAndVanish() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong rounds = new AtomicLong();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[4 * 1024];
            try {
                while (writing.get()) {
                    Thread.sleep(1);
                    long n = rounds.incrementAndGet();
                    Files.write(out.resolve("train.log"), chunk, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                    Path temp = out.resolve("tmp-" + (n % 3) + ".bin");
                    Files.write(temp, chunk);
                    Files.deleteIfExists(out.resolve("tmp-" + ((n + 1) % 3) + ".bin"));
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        List<TransferReport> reports = new ArrayList<>();
        try {
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                reports.add(store().syncUp(out, base));
            }
        } finally {
            writing.set(false);
            writer.join();
        }

        TransferReport last = store().syncUp(out, base);
        assertThat(reports).isNotEmpty();
        assertThat(last.deferred()).isZero();
        Path back = tmp.resolve("back");
        store().download(base, back);
        // objects of deleted files stay (sync only adds); every file that still exists matches
        Map<String, String> local = fingerprint(out);
        assertThat(fingerprint(back)).containsAllEntriesOf(local);
    }

    @Test
    void aThousandSmallFilesRoundTripByteIdentical() {
        Path code = tmp.resolve("many");
        for (int i = 0; i < 1000; i++) {
            randomFile(code.resolve("d" + (i % 10) + "/f" + i + ".txt"), 100 + i, i);
        }

        long start = System.nanoTime();
        TransferReport up = store().uploadCodeDirectory(code, base, CodeDirLimits.DEFAULT);
        long uploaded = System.nanoTime();
        Path back = tmp.resolve("back");
        TransferReport down = store().download(base, back);
        long downloaded = System.nanoTime();

        assertThat(up.files()).isEqualTo(1000);
        assertThat(down.files()).isEqualTo(1000);
        assertThat(down.bytes()).isEqualTo(up.bytes());
        assertThat(fingerprint(back)).isEqualTo(fingerprint(code));
        System.out.printf("%s: 1,000 small files up %d ms, down %d ms%n", getClass().getSimpleName(),
                (uploaded - start) / 1_000_000, (downloaded - uploaded) / 1_000_000);
    }

    @Test
    void aBigFileRoundTripsByteIdenticalAndIsRecognisedUnchanged() throws IOException {
        Path out = tmp.resolve("out");
        Path big = randomFile(out.resolve("model.bin"), BIG_FILE_SIZE, 64);
        AtomicLong lastProgress = new AtomicLong();

        long start = System.nanoTime();
        TransferReport up = store().syncUp(out, base, (done, total) -> lastProgress.set(done));
        long uploaded = System.nanoTime();
        Path back = tmp.resolve("back");
        TransferReport down = store().download(base.resolve("model.bin"), back);
        long downloaded = System.nanoTime();

        assertThat(up.files()).isEqualTo(1);
        assertThat(up.bytes()).isEqualTo(BIG_FILE_SIZE);
        assertThat(lastProgress.get()).isEqualTo(BIG_FILE_SIZE);
        assertThat(down.bytes()).isEqualTo(BIG_FILE_SIZE);
        assertThat(Checksums.sha256Hex(back.resolve("model.bin"))).isEqualTo(Checksums.sha256Hex(big));
        System.out.printf("%s: 64 MiB up %d ms, down %d ms%n", getClass().getSimpleName(),
                (uploaded - start) / 1_000_000, (downloaded - uploaded) / 1_000_000);

        try (ObjectStore fresh = freshStore()) {
            TransferReport again = fresh.syncUp(out, base);
            assertThat(again.files()).isZero();
            assertThat(again.unchanged()).isEqualTo(1);
        }
    }
}

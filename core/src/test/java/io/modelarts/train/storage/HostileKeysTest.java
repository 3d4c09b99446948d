package io.modelarts.train.storage;

import io.modelarts.train.storage.LocalTree.LocalFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys a store holds are not under our control (a training job or another user writes them).
 * Real stores refuse to hold most of these, so a store that lists them is simulated here.
 */
class HostileKeysTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"out/../../escaped.txt", "out//etc/passwd", "out/a/../../../x", "out/a\\..\\..\\x", "out/./x"})
    void downloadRefusesKeysThatWouldLeaveTheTargetAndWritesNothing(String hostile) throws Exception {
        ListingStore store = new ListingStore(List.of(new ObjectInfo("out/fine.txt", 1, null, null),
                new ObjectInfo(hostile, 1, null, null)));
        Path target = tmp.resolve("target");

        assertThatThrownBy(() -> store.download(ObjectUri.parse("obs://bucket/out/"), target))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("refusing object key '" + hostile + "'");
        assertThat(store.fetched).isZero();
        try (var files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void theDirectoryStoreDoesNotFollowSymbolicLinksOutOfItsRoot() throws Exception {
        Path root = tmp.resolve("store");
        Path outside = TestTrees.write(tmp.resolve("secret/token.txt"), "s3cr3t");
        Files.createDirectories(root.resolve("bucket"));
        Files.createSymbolicLink(root.resolve("bucket/link"), outside.getParent());
        DirectoryObjectStore store = new DirectoryObjectStore(root);

        assertThatThrownBy(() -> store.open(ObjectUri.parse("obs://bucket/link/token.txt")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("symbolic link");
        assertThat(store.list(ObjectUri.parse("obs://bucket/"))).isEmpty();
        assertThatThrownBy(() -> store.putBytes(ObjectUri.parse("obs://bucket/link/new.txt"), new byte[]{1}))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("symbolic link");
        assertThat(outside.getParent().resolve("new.txt")).doesNotExist();
    }

    /** Lists what it is given; counts fetches. */
    private static final class ListingStore extends BaseObjectStore {
        private final List<ObjectInfo> objects;
        int fetched;

        ListingStore(List<ObjectInfo> objects) {
            this.objects = objects;
        }

        @Override
        public List<ObjectInfo> list(ObjectUri location) {
            return objects;
        }

        @Override
        protected void downloadAll(List<Download> downloads, Progress progress) {
            fetched += downloads.size();
        }

        @Override
        protected List<UploadResult> uploadAll(List<Upload> uploads, Progress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected boolean sameContent(LocalFile file, ObjectUri target, ObjectInfo stored) {
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
        public ObjectInfo getFile(ObjectUri source, Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream open(ObjectUri source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}

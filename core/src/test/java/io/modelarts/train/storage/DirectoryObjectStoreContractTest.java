package io.modelarts.train.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class DirectoryObjectStoreContractTest extends ObjectStoreContractTest {

    private static Path root;
    private static DirectoryObjectStore store;

    @BeforeAll
    static void createStore() throws IOException {
        root = Files.createTempDirectory("object-store");
        Files.createDirectories(root.resolve("bucket-a"));
        store = new DirectoryObjectStore(root);
    }

    @AfterAll
    static void deleteStore() throws IOException {
        store.close();
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectStore freshStore() {
        return new DirectoryObjectStore(root);
    }

    @Override
    String bucket() {
        return "bucket-a";
    }
}

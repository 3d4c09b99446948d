package io.modelarts.train.storage;

import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared contract against a real S3 server (embedded s3proxy), path-style as 127.0.0.1 needs. */
class S3ObjectStoreContractTest extends ObjectStoreContractTest {

    private static S3TestServer server;
    private static S3ObjectStore store;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start("bucket-a");
        store = new S3ObjectStore(server.settings());
    }

    @AfterAll
    static void stopServer() {
        store.close();
        server.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectStore freshStore() {
        return new S3ObjectStore(server.settings());
    }

    @Override
    String bucket() {
        return "bucket-a";
    }
}

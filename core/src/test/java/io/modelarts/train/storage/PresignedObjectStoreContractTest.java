package io.modelarts.train.storage;

import io.modelarts.train.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/**
 * The shared contract for the store of a machine without keys: every byte goes through a presigned request made by
 * a broker over the whole bucket, against a real S3 server (embedded s3proxy).
 */
class PresignedObjectStoreContractTest extends ObjectStoreContractTest {

    private static S3TestServer server;
    private static S3ObjectStore lister;
    private static S3PresigningBroker broker;
    private static PresignedObjectStore store;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start("bucket-p");
        lister = new S3ObjectStore(server.settings());
        broker = new S3PresigningBroker(server.settings(), lister, List.of(), List.of(ObjectUri.parse("obs://bucket-p/")), null);
        store = new PresignedObjectStore(broker);
    }

    @AfterAll
    static void stopServer() {
        store.close();
        broker.close();
        lister.close();
        server.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectStore freshStore() {
        return new PresignedObjectStore(broker);
    }

    @Override
    String bucket() {
        return "bucket-p";
    }
}

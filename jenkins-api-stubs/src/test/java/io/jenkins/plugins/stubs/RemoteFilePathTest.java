package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.remoting.Callable;
import hudson.remoting.Future;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file on another machine: every operation, reading and writing included, goes over the channel. */
class RemoteFilePathTest {

    @TempDir
    Path tmp;

    /** Serializes what it is sent, as remoting does, and runs it here. */
    static final class SerializingChannel implements VirtualChannel {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        @SuppressWarnings("unchecked")
        public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T {
            calls.incrementAndGet();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(callable);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return ((Callable<V, T>) in.readObject()).call();
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }

        @Override
        public <V, T extends Throwable> Future<V> callAsync(Callable<V, T> callable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public void join() {
        }

        @Override
        public void join(long timeout) {
        }

        @Override
        public <T> T export(Class<T> type, T instance) {
            return instance;
        }

        @Override
        public void syncLocalIO() {
        }
    }

    @Test
    void readWriteAndCopyCrossTheChannel() throws Exception {
        SerializingChannel channel = new SerializingChannel();
        FilePath remote = new FilePath(channel, tmp.resolve("agent").toString());

        try (OutputStream out = remote.child("dir/a.txt").write()) {
            out.write("from the controller".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(tmp.resolve("agent/dir/a.txt")).content().isEqualTo("from the controller");
        try (InputStream in = remote.child("dir/a.txt").read()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from the controller");
        }

        FilePath local = new FilePath(Files.createDirectories(tmp.resolve("controller/logs")).getParent().toFile());
        Files.writeString(tmp.resolve("controller/logs/w.log"), "log");
        assertThat(local.copyRecursiveTo("**/*", remote.child("copy"))).isEqualTo(1);
        assertThat(tmp.resolve("agent/copy/logs/w.log")).content().isEqualTo("log");
        assertThat(channel.calls.get()).isPositive();
    }
}

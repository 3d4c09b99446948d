package io.jenkins.plugins.modelarts;

import hudson.model.TaskListener;
import hudson.remoting.Callable;
import hudson.remoting.Future;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel to a pretend agent: what is sent there goes through Java serialization, as remoting sends it, so a
 * callable that is not serializable fails here as it would on a real agent. Task listeners cross as references
 * (remoting exports them); everything else is copied. The call then runs in this JVM, on the agent's paths.
 */
final class AgentChannel implements VirtualChannel {

    final AtomicInteger calls = new AtomicInteger();
    private final List<Object> exported = new ArrayList<>();

    private record Exported(int index) implements Serializable {
    }

    @Override
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException {
        calls.incrementAndGet();
        return copy(callable).call();
    }

    @SuppressWarnings("unchecked")
    private <C> C copy(C callable) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                if (obj instanceof TaskListener) {
                    synchronized (exported) {
                        exported.add(obj);
                        return new Exported(exported.size() - 1);
                    }
                }
                return obj;
            }
        }) {
            out.writeObject(callable);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            {
                enableResolveObject(true);
            }

            @Override
            protected Object resolveObject(Object obj) {
                if (obj instanceof Exported e) {
                    synchronized (exported) {
                        return exported.get(e.index());
                    }
                }
                return obj;
            }

            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, AgentChannel.class.getClassLoader());
            }
        }) {
            return (C) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    @Override
    public <V, T extends Throwable> Future<V> callAsync(Callable<V, T> callable) {
        throw new UnsupportedOperationException("not used by the plugin");
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

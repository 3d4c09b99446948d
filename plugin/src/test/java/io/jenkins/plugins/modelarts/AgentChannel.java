package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.PasswordCredentials;
import hudson.model.TaskListener;
import hudson.remoting.Callable;
import hudson.remoting.Future;
import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * A channel to a pretend agent, for every test that runs work on an agent. What the controller sends there (callables,
 * and the answers of objects it {@link #export exported}) goes through Java serialization as remoting sends it, so a
 * callable that is not serializable fails here as on a real agent; and every byte that crosses is searched for the
 * secret values configured in Jenkins (passwords, secret texts, secret files and the tokens and keys inside them,
 * plus {@link #alsoSecret any the test names}): one found fails the call with the path of the field that holds it.
 * Task listeners and exported objects cross as references. The agent's work then runs in this JVM, on its paths,
 * but with classes of its own: the plugin's and the engine's classes are loaded again by {@link AgentClassLoader}, so
 * the agent shares no static state with the controller (as a real agent, whose copy comes from its own class loader),
 * and what crosses back is serialized again into the controller's classes.
 */
final class AgentChannel implements VirtualChannel {

    private static final Map<Integer, AgentChannel> CHANNELS = new ConcurrentHashMap<>();
    private static final ClassLoader CONTROLLER = AgentChannel.class.getClassLoader();
    private static final ClassLoader AGENT = new AgentClassLoader(CONTROLLER);

    /**
     * The agent's copy of the plugin's and the engine's classes (child first); the Jenkins API, the libraries and this
     * test channel itself come from the controller's class loader, as remoting gives an agent the same jars.
     */
    static final class AgentClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        AgentClassLoader(ClassLoader parent) {
            super(parent);
        }

        private static boolean ownCopy(String name) {
            return (name.startsWith("io.jenkins.plugins.modelarts.") || name.startsWith("io.modelarts.train."))
                    && !name.equals(AgentChannel.class.getName()) && !name.startsWith(AgentChannel.class.getName() + "$");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!ownCopy(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
    private static final AtomicInteger NEXT_CHANNEL = new AtomicInteger();

    final AtomicInteger calls = new AtomicInteger();
    /** Class names of every object that crossed to the agent (callables and what they hold), without duplicates. */
    final Set<String> crossed = ConcurrentHashMap.newKeySet();
    /** Calls the agent made back to exported controller objects, as {@code Interface.method}. */
    final List<String> callbacks = new CopyOnWriteArrayList<>();
    private final int id = NEXT_CHANNEL.incrementAndGet();
    private final List<Object> exported = new CopyOnWriteArrayList<>();
    private final Set<String> extraSecrets = ConcurrentHashMap.newKeySet();

    AgentChannel() {
        CHANNELS.put(id, this);
    }

    /** Treats {@code value} as a secret too. */
    AgentChannel alsoSecret(String value) {
        extraSecrets.add(value);
        return this;
    }

    private record ExportedRef(int channel, int index) implements Serializable {
    }

    /** The handler of an exported object's proxy: a reference to the object on the controller. */
    private record Exported(int channel, int index, String type) implements InvocationHandler, Serializable {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "exported " + type + " #" + index;
                };
            }
            AgentChannel c = CHANNELS.get(channel);
            Object target = c.exported.get(index);
            c.callbacks.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
            // the agent's proxy speaks the agent's classes: find the controller's method and copy the arguments over
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                types[i] = types[i].isPrimitive() ? types[i] : Class.forName(types[i].getName(), false, CONTROLLER);
            }
            Method onController = Class.forName(method.getDeclaringClass().getName(), false, CONTROLLER)
                    .getMethod(method.getName(), types);
            Object[] sent = args == null ? null : (Object[]) c.copy(args, false); // agent -> controller
            ClassLoader back = method.getDeclaringClass().getClassLoader() == CONTROLLER ? CONTROLLER : AGENT;
            Object result;
            try {
                onController.setAccessible(true);
                result = onController.invoke(target, sent);
            } catch (InvocationTargetException e) {
                throw c.copy(e.getCause(), back == AGENT, back);
            }
            return c.copy(result, back == AGENT, back); // controller -> agent
        }
    }

    @Override
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException {
        calls.incrementAndGet();
        Callable<V, T> onAgent = copy(callable, true);
        V result;
        try {
            result = onAgent.call();
        } catch (Throwable t) {
            throw AgentChannel.<RuntimeException>sneaky(copy(t, false)); // what the agent threw, in the controller's classes
        }
        return copy(result, false);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T export(Class<T> type, T instance) {
        exported.add(instance);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new Exported(id, exported.size() - 1, type.getName()));
    }

    /** Sends {@code o} across by serialization; {@code toAgent}: check that no secret value is in it. */
    private <C> C copy(C o, boolean toAgent) throws IOException {
        return copy(o, toAgent, toAgent ? AGENT : CONTROLLER);
    }

    @SuppressWarnings("unchecked")
    private <C> C copy(C o, boolean toAgent, ClassLoader into) throws IOException {
        if (o == null) {
            return null;
        }
        List<Object> listeners = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                if (toAgent) {
                    crossed.add(obj.getClass().getName());
                }
                if (obj instanceof TaskListener) {
                    // remoting sends a listener as a stream back to the controller
                    listeners.add(obj);
                    return new ExportedRef(id, -listeners.size());
                }
                return obj;
            }
        }) {
            out.writeObject(o);
        }
        byte[] sent = bytes.toByteArray();
        if (toAgent) {
            checkNoSecret(o, sent);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(sent)) {
            {
                enableResolveObject(true);
            }

            @Override
            protected Object resolveObject(Object obj) {
                if (obj instanceof ExportedRef r && r.index() < 0) {
                    return listeners.get(-r.index() - 1);
                }
                return obj;
            }

            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, into);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc); // arrays of primitives and the like
                }
            }

            @Override
            protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
                Class<?>[] types = new Class<?>[interfaces.length];
                for (int i = 0; i < interfaces.length; i++) {
                    types[i] = Class.forName(interfaces[i], false, into);
                }
                return Proxy.getProxyClass(types[0].getClassLoader(), types);
            }
        }) {
            return (C) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    /** Every secret value configured in Jenkins (and the test's own), with the lines and tokens inside them. */
    Set<String> secrets() {
        Set<String> out = new LinkedHashSet<>(extraSecrets);
        for (Credentials c : SystemCredentialsProvider.getInstance().getCredentials()) {
            if (c instanceof PasswordCredentials p) {
                out.add(p.getPassword().getPlainText());
            }
            if (c instanceof StringCredentials s) {
                out.add(s.getSecret().getPlainText());
            }
            if (c instanceof FileCredentials f) {
                try (InputStream in = f.getContent()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    out.add(text);
                    out.addAll(JobSetup.secretsOf(ClusterAuth.kubeconfig(text)));
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("cannot read secret file " + f.getFileName(), e);
                }
            }
        }
        out.removeIf(s -> s == null || s.length() < 4);
        return out;
    }

    private void checkNoSecret(Object o, byte[] sent) {
        for (String secret : secrets()) {
            byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
            if (contains(sent, utf8) || contains(sent, secret.getBytes(StandardCharsets.UTF_16BE))
                    || contains(sent, Base64.getEncoder().encode(utf8))) {
                String where = find(o, secret, o.getClass().getSimpleName(), new IdentityHashMap<>(), 0);
                throw new AssertionError("a secret value crossed to the agent in " + (where == null ? o.getClass().getName() : where));
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The path of the field that holds {@code secret}, for the failure message. */
    private static String find(Object o, String secret, String path, Map<Object, Boolean> seen, int depth) {
        if (o == null || depth > 40 || seen.put(o, true) != null) {
            return null;
        }
        if (o instanceof String s) {
            return s.contains(secret) ? path : null;
        }
        if (o instanceof char[] c) {
            return new String(c).contains(secret) ? path : null;
        }
        if (o instanceof byte[] b) {
            String t = new String(b, StandardCharsets.UTF_8);
            return t.contains(secret) || t.contains(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))) ? path : null;
        }
        if (o.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(o); i++) {
                String r = find(Array.get(o, i), secret, path + "[" + i + "]", seen, depth + 1);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String r = find(e.getKey(), secret, path + ".key", seen, depth + 1);
                r = r != null ? r : find(e.getValue(), secret, path + "[" + e.getKey() + "]", seen, depth + 1);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                String r = find(e, secret, path + "[" + i++ + "]", seen, depth + 1);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
        for (Class<?> k = o.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    String r = find(f.get(o), secret, path + "." + f.getName(), seen, depth + 1);
                    if (r != null) {
                        return r;
                    }
                } catch (RuntimeException | IllegalAccessException e) {
                    // a JDK internal: the byte search still caught the secret
                }
            }
        }
        return null;
    }

    @Override
    public <V, T extends Throwable> Future<V> callAsync(Callable<V, T> callable) {
        throw new UnsupportedOperationException("not used by the plugin");
    }

    @Override
    public void close() {
        CHANNELS.remove(id);
    }

    @Override
    public void join() {
    }

    @Override
    public void join(long timeout) {
    }

    @Override
    public void syncLocalIO() {
    }
}

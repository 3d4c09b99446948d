package jenkins.util;

/**
 * Stand-in for {@code jenkins.util.SetContextClassLoader} (core 2.362+): sets the current thread's context class
 * loader until {@link #close()} restores the previous one.
 * <pre>{@code try (SetContextClassLoader scl = new SetContextClassLoader(MyPluginClass.class)) { ... }}</pre>
 */
public final class SetContextClassLoader implements AutoCloseable {
    private final Thread t;
    private final ClassLoader orig;

    /** The calling class's loader. */
    public SetContextClassLoader() {
        this(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
    }

    public SetContextClassLoader(Class<?> clazz) {
        this(clazz.getClassLoader());
    }

    public SetContextClassLoader(ClassLoader cl) {
        t = Thread.currentThread();
        orig = t.getContextClassLoader();
        t.setContextClassLoader(cl);
    }

    @Override
    public void close() {
        t.setContextClassLoader(orig);
    }
}

package hudson.util;

import java.util.concurrent.ThreadFactory;

/**
 * Stand-in for {@code hudson.util.ClassLoaderSanityThreadFactory}: a new thread's context class loader is Jenkins
 * core's, not the one of whichever thread happened to create it (a new thread inherits its creator's).
 */
public class ClassLoaderSanityThreadFactory implements ThreadFactory {
    private final ThreadFactory delegate;

    public ClassLoaderSanityThreadFactory(ThreadFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = delegate.newThread(r);
        t.setContextClassLoader(ClassLoaderSanityThreadFactory.class.getClassLoader());
        return t;
    }
}

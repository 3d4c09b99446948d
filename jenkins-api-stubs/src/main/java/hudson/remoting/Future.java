package hudson.remoting;

/**
 * Stand-in for the remoting library's {@code Future}.
 */
public interface Future<V> extends java.util.concurrent.Future<V> {}

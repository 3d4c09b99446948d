package hudson;

/**
 * Stand-in for {@code hudson.ExtensionPoint}: marks a type whose implementations are found through
 * {@link Extension}.
 */
public interface ExtensionPoint {}

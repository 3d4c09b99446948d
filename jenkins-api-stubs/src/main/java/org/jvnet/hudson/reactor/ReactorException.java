package org.jvnet.hudson.reactor;

/** Stand-in for task-reactor's {@code ReactorException}: a task of Jenkins' start-up reactor failed. */
public class ReactorException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReactorException(Throwable cause) {
        super(cause);
    }
}

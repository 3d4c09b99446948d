package hudson;

import java.io.IOException;

/**
 * Stand-in for {@code hudson.AbortException}: fails a build with this message and no stack trace.
 */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {}

    public AbortException(String message) {
        super(message);
    }
}

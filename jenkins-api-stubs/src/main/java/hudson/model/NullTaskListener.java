package hudson.model;

import java.io.OutputStream;
import java.io.PrintStream;

/** The implementation of {@link TaskListener#NULL}; package-private, as in Jenkins. */
class NullTaskListener implements TaskListener {
    private static final long serialVersionUID = 1L;

    @Override
    public PrintStream getLogger() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}

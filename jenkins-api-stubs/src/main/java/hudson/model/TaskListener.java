package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * Stand-in for {@code hudson.model.TaskListener}: the build log of a task. Never persist one (it is only
 * serializable over remoting); fetch it again, e.g. from the {@code StepContext}, after a restart.
 */
public interface TaskListener extends SerializableOnlyOverRemoting {
    @NonNull
    PrintStream getLogger();

    default @NonNull Charset getCharset() {
        return StandardCharsets.UTF_8;
    }

    default void hyperlink(String url, String text) throws IOException {
        getLogger().print(text);
    }

    default @NonNull PrintWriter error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return new PrintWriter(new OutputStreamWriter(out, getCharset()), true);
    }

    default @NonNull PrintWriter error(String format, Object... args) {
        return error(String.format(format, args));
    }

    default @NonNull PrintWriter fatalError(String msg) {
        PrintStream out = getLogger();
        out.print("FATAL: ");
        out.println(msg);
        return new PrintWriter(new OutputStreamWriter(out, getCharset()), true);
    }

    default @NonNull PrintWriter fatalError(String format, Object... args) {
        return fatalError(String.format(format, args));
    }

    /** Discards everything. */
    TaskListener NULL = new NullTaskListener();
}

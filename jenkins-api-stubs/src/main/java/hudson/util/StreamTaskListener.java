package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import java.io.Closeable;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Stand-in for {@code hudson.util.StreamTaskListener}: a {@link TaskListener} writing to a stream or file
 * (handy in tests: {@code new StreamTaskListener(byteArrayOutputStream, UTF_8)}).
 */
public class StreamTaskListener implements TaskListener, Closeable {
    private static final long serialVersionUID = 1L;

    private final transient @NonNull PrintStream out;
    private final transient @CheckForNull Charset charset;

    @Deprecated
    public StreamTaskListener(@NonNull PrintStream out) {
        this(out, null);
    }

    public StreamTaskListener(@NonNull OutputStream out) {
        this(out, null);
    }

    public StreamTaskListener(@NonNull OutputStream out, @CheckForNull Charset charset) {
        if (charset == null) {
            this.out = out instanceof PrintStream ? (PrintStream) out : new PrintStream(out, false, Charset.defaultCharset());
        } else {
            this.out = new PrintStream(out, false, charset);
        }
        this.charset = charset;
    }

    public StreamTaskListener(@NonNull File out) throws IOException {
        this(out, null);
    }

    public StreamTaskListener(@NonNull File out, @CheckForNull Charset charset) throws IOException {
        this(new FileOutputStream(out), charset);
    }

    public StreamTaskListener() throws IOException {
        this(OutputStream.nullOutputStream());
    }

    public static StreamTaskListener fromStdout() {
        return new StreamTaskListener(System.out, Charset.defaultCharset());
    }

    public static StreamTaskListener fromStderr() {
        return new StreamTaskListener(System.err, Charset.defaultCharset());
    }

    @Override
    public @NonNull PrintStream getLogger() {
        return out;
    }

    @Override
    public @NonNull Charset getCharset() {
        return charset != null ? charset : Charset.defaultCharset();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    public void closeQuietly() {
        out.close();
    }
}

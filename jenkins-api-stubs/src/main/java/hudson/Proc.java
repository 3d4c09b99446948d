package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.TaskListener;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in for {@code hudson.Proc}: a process started by a {@link Launcher}.
 */
public abstract class Proc {

    protected Proc() {
    }

    public abstract boolean isAlive() throws IOException, InterruptedException;

    /** Ends the process and everything it started, then waits for it to end. */
    public abstract void kill() throws IOException, InterruptedException;

    /** Waits for the process to end; returns its exit code. */
    public abstract int join() throws IOException, InterruptedException;

    /** The output, when the launch asked {@code readStdout()}; otherwise null. */
    @CheckForNull
    public abstract InputStream getStdout();

    @CheckForNull
    public abstract InputStream getStderr();

    @CheckForNull
    public abstract OutputStream getStdin();

    /** Like {@link #join()}, but kills the process once {@code timeout} passed. */
    public final int joinWithTimeout(final long timeout, final TimeUnit unit, final TaskListener listener)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (isAlive()) {
            if (System.nanoTime() > deadline) {
                listener.getLogger().println("Timeout after " + timeout + " " + unit.toString().toLowerCase(java.util.Locale.ENGLISH));
                kill();
                break;
            }
            Thread.sleep(50);
        }
        return join();
    }

    /** A process of this JVM's machine. */
    public static final class LocalProc extends Proc {
        /** Markers: the caller pumps this stream itself (the launch asked readStdout()/writeStdin()). */
        static final InputStream SELFPUMP_INPUT = new ByteArrayInputStream(new byte[0]);
        static final OutputStream SELFPUMP_OUTPUT = OutputStream.nullOutputStream();
        /** How long a killed process may take to end after SIGTERM before it is killed hard (Jenkins: 5 s). */
        private static final long SOFT_KILL_WAIT_SECONDS = 5;

        private final Process proc;
        private final Thread copier;
        private final Thread copierErr;
        private final InputStream stdout;
        private final InputStream stderr;
        private final OutputStream stdin;

        public LocalProc(String[] cmd, Map<String, String> env, InputStream in, OutputStream out) throws IOException {
            this(cmd, toArray(env), in, out, null, null);
        }

        public LocalProc(String[] cmd, String[] env, InputStream in, OutputStream out, OutputStream err, File workDir)
                throws IOException {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir);
            if (env != null) {
                pb.environment().clear();
                for (String e : env) {
                    int idx = e.indexOf('=');
                    pb.environment().put(e.substring(0, idx), e.substring(idx + 1));
                }
            }
            // stderr goes where stdout goes unless it was given
            pb.redirectErrorStream(err == null);
            if (in == null || isNullInput(in)) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")));
            }
            this.proc = pb.start();
            if (out == SELFPUMP_OUTPUT) {
                stdout = proc.getInputStream();
                copier = null;
            } else {
                stdout = null;
                copier = pump("stdout copier", proc.getInputStream(), out);
            }
            if (err == null) {
                stderr = null;
                copierErr = null;
            } else if (err == SELFPUMP_OUTPUT) {
                stderr = proc.getErrorStream();
                copierErr = null;
            } else {
                stderr = null;
                copierErr = pump("stderr copier", proc.getErrorStream(), err);
            }
            if (in == SELFPUMP_INPUT) {
                stdin = proc.getOutputStream();
            } else {
                stdin = null;
                if (in != null && !isNullInput(in)) {
                    pump("stdin copier", in, proc.getOutputStream());
                }
            }
        }

        private static boolean isNullInput(InputStream in) {
            return in.getClass().getName().startsWith("java.io.InputStream$");
        }

        private static String[] toArray(Map<String, String> env) {
            return env == null ? null : env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        }

        private Thread pump(String name, InputStream from, OutputStream to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = from.read(buf)) >= 0; ) {
                        if (to != null) {
                            to.write(buf, 0, n);
                            to.flush();
                        }
                    }
                } catch (IOException e) {
                    // the process or the reader went away
                } finally {
                    if (to == proc.getOutputStream()) {
                        try {
                            to.close();
                        } catch (IOException ignored) {
                            // nothing to do
                        }
                    }
                }
            }, name + ": " + proc.pid());
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public boolean isAlive() {
            return proc.isAlive();
        }

        /** SIGTERM to the process and its descendants, SIGKILL to what is left after a while; then waits. */
        @Override
        public void kill() throws IOException, InterruptedException {
            List<ProcessHandle> tree = proc.descendants().toList();
            tree.forEach(ProcessHandle::destroy);
            proc.destroy();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOFT_KILL_WAIT_SECONDS);
            while ((proc.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
            join();
        }

        @Override
        public int join() throws IOException, InterruptedException {
            int code = proc.waitFor();
            if (copier != null) {
                copier.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (copierErr != null) {
                copierErr.join(TimeUnit.SECONDS.toMillis(10));
            }
            return code;
        }

        @Override
        public InputStream getStdout() {
            return stdout;
        }

        @Override
        public InputStream getStderr() {
            return stderr;
        }

        @Override
        public OutputStream getStdin() {
            return stdin;
        }
    }
}

package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for {@code hudson.Launcher}: starts processes on the machine of its channel.
 *
 * <p>As in Jenkins, {@link ProcStarter#envs(Map)} are <em>overrides</em> of the environment the launcher inherits
 * (the node's), {@code PATH+XYZ} prepends to {@code PATH}, and stderr goes where stdout goes unless set. The
 * stand-in's {@link LocalLauncher} really starts the process; {@link Proc#kill()} ends it with its descendants.
 */
public abstract class Launcher {

    @NonNull
    protected final TaskListener listener;

    @CheckForNull
    protected final VirtualChannel channel;

    protected Launcher(@NonNull TaskListener listener, @CheckForNull VirtualChannel channel) {
        this.listener = listener;
        this.channel = channel;
    }

    /** A launcher with the same listener and channel as {@code launcher}. */
    protected Launcher(@NonNull Launcher launcher) {
        this(launcher.listener, launcher.channel);
    }

    @CheckForNull
    public VirtualChannel getChannel() {
        return channel;
    }

    @NonNull
    public TaskListener getListener() {
        return listener;
    }

    /** Builder of one process launch; {@link #start()} starts it. */
    public class ProcStarter {
        protected List<String> commands;
        @CheckForNull
        protected boolean[] masks;
        private boolean quiet;
        @CheckForNull
        protected FilePath pwd;
        @CheckForNull
        protected OutputStream stdout = OutputStream.nullOutputStream();
        @CheckForNull
        protected OutputStream stderr;
        @CheckForNull
        protected InputStream stdin = InputStream.nullInputStream();
        @CheckForNull
        protected String[] envs = null;
        protected boolean reverseStdin;
        protected boolean reverseStdout;
        protected boolean reverseStderr;

        public ProcStarter cmds(String... args) {
            return cmds(Arrays.asList(args));
        }

        public ProcStarter cmds(File program, String... args) {
            commands = new ArrayList<>(args.length + 1);
            commands.add(program.getPath());
            commands.addAll(Arrays.asList(args));
            return this;
        }

        public ProcStarter cmds(List<String> args) {
            commands = new ArrayList<>(args);
            return this;
        }

        public List<String> cmds() {
            return commands;
        }

        public ProcStarter quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        public boolean quiet() {
            return quiet;
        }

        public ProcStarter masks(@CheckForNull boolean... masks) {
            this.masks = masks;
            return this;
        }

        public boolean[] masks() {
            return masks;
        }

        public ProcStarter pwd(@CheckForNull FilePath workDir) {
            this.pwd = workDir;
            return this;
        }

        public ProcStarter pwd(@NonNull File workDir) {
            return pwd(new FilePath(workDir));
        }

        public ProcStarter pwd(@NonNull String workDir) {
            return pwd(new File(workDir));
        }

        @CheckForNull
        public FilePath pwd() {
            return pwd;
        }

        public ProcStarter stdout(@CheckForNull OutputStream out) {
            this.stdout = out;
            return this;
        }

        public ProcStarter stdout(@NonNull TaskListener out) {
            return stdout(out.getLogger());
        }

        @CheckForNull
        public OutputStream stdout() {
            return stdout;
        }

        public ProcStarter stderr(@CheckForNull OutputStream err) {
            this.stderr = err;
            return this;
        }

        @CheckForNull
        public OutputStream stderr() {
            return stderr;
        }

        public ProcStarter stdin(@CheckForNull InputStream in) {
            this.stdin = in;
            return this;
        }

        @CheckForNull
        public InputStream stdin() {
            return stdin;
        }

        /** Environment overrides; the launcher inherits the rest. */
        public ProcStarter envs(@CheckForNull Map<String, String> overrides) {
            if (overrides == null) {
                this.envs = null;
            } else {
                List<String> list = new ArrayList<>();
                overrides.forEach((k, v) -> list.add(k + "=" + v));
                this.envs = list.toArray(new String[0]);
            }
            return this;
        }

        /** Environment overrides as {@code NAME=value}. */
        public ProcStarter envs(@CheckForNull String... overrides) {
            if (overrides != null) {
                for (String o : overrides) {
                    if (o.indexOf('=') < 0) {
                        throw new IllegalArgumentException(o);
                    }
                }
            }
            this.envs = overrides;
            return this;
        }

        @NonNull
        public String[] envs() {
            return envs == null ? new String[0] : envs.clone();
        }

        /** The caller reads stdout through {@link Proc#getStdout()} instead of giving a stream. */
        public ProcStarter readStdout() {
            reverseStdout = true;
            stdout = null;
            return this;
        }

        public ProcStarter readStderr() {
            reverseStderr = true;
            stderr = null;
            return this;
        }

        public ProcStarter writeStdin() {
            reverseStdin = true;
            stdin = null;
            return this;
        }

        public Proc start() throws IOException {
            return launch(this);
        }

        public int join() throws IOException, InterruptedException {
            return start().join();
        }

        @NonNull
        public ProcStarter copy() {
            ProcStarter rhs = new ProcStarter().cmds(commands).pwd(pwd).masks(masks).stdin(stdin).stdout(stdout).stderr(stderr)
                    .envs(envs).quiet(quiet);
            rhs.reverseStdin = this.reverseStdin;
            rhs.reverseStderr = this.reverseStderr;
            rhs.reverseStdout = this.reverseStdout;
            return rhs;
        }
    }

    @NonNull
    public final ProcStarter launch() {
        return new ProcStarter();
    }

    /** Starts the process described by {@code starter}. */
    public abstract Proc launch(@NonNull ProcStarter starter) throws IOException;

    /** Kills the processes started with these environment variables (the build's cookie). */
    public abstract void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException;

    public boolean isUnix() {
        return File.pathSeparatorChar == ':';
    }

    /** Prints {@code $ cmd args} to the listener, as Jenkins does before a launch. */
    protected final void printCommandLine(@NonNull String[] cmd, @CheckForNull FilePath workDir) {
        StringBuilder buf = new StringBuilder();
        if (workDir != null) {
            buf.append('[').append(workDir.getRemote().replaceFirst("^.+[/\\\\]", "")).append("] ");
        }
        buf.append('$');
        for (String c : cmd) {
            buf.append(' ');
            if (c.indexOf(' ') >= 0) {
                buf.append(c.indexOf('"') >= 0 ? "'" + c + "'" : "\"" + c + "\"");
            } else {
                buf.append(c);
            }
        }
        listener.getLogger().println(buf);
    }

    protected final void maskedPrintCommandLine(@NonNull List<String> cmd, @CheckForNull boolean[] mask,
                                                @CheckForNull FilePath workDir) {
        String[] masked = cmd.toArray(new String[0]);
        if (mask != null) {
            for (int i = 0; i < masked.length && i < mask.length; i++) {
                if (mask[i]) {
                    masked[i] = "********";
                }
            }
        }
        printCommandLine(masked, workDir);
    }

    /** The environment of a launched process: the node's, with {@code overrides} applied. */
    private static EnvVars inherit(@CheckForNull String[] overrides) {
        EnvVars m = new EnvVars(EnvVars.masterEnvVars);
        if (overrides != null) {
            for (String o : overrides) {
                int idx = o.indexOf('=');
                m.override(o.substring(0, idx), o.substring(idx + 1));
            }
        }
        return m;
    }

    /** A launcher that wraps another one (what {@code withEnv}, {@code container()} and Docker steps build). */
    public static class DecoratedLauncher extends Launcher {
        private final Launcher inner;

        public DecoratedLauncher(@NonNull Launcher inner) {
            super(inner);
            this.inner = inner;
        }

        @NonNull
        public Launcher getInner() {
            return inner;
        }

        @Override
        public Proc launch(@NonNull ProcStarter starter) throws IOException {
            return inner.launch(starter);
        }

        @Override
        public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
            inner.kill(modelEnvVars);
        }

        @Override
        public boolean isUnix() {
            return inner.isUnix();
        }
    }

    /** Launches processes on this JVM's machine. */
    public static class LocalLauncher extends Launcher {
        public LocalLauncher(@NonNull TaskListener listener) {
            this(listener, FilePath.localChannel);
        }

        public LocalLauncher(@NonNull TaskListener listener, @NonNull VirtualChannel channel) {
            super(listener, channel);
        }

        @Override
        public Proc launch(@NonNull ProcStarter ps) throws IOException {
            if (!ps.quiet()) {
                maskedPrintCommandLine(ps.commands, ps.masks, ps.pwd);
            }
            EnvVars env = inherit(ps.envs);
            return new Proc.LocalProc(ps.commands.toArray(new String[0]), toEnv(env),
                    ps.reverseStdin ? Proc.LocalProc.SELFPUMP_INPUT : ps.stdin,
                    ps.reverseStdout ? Proc.LocalProc.SELFPUMP_OUTPUT : ps.stdout,
                    ps.reverseStderr ? Proc.LocalProc.SELFPUMP_OUTPUT : ps.stderr,
                    ps.pwd == null ? null : new File(ps.pwd.getRemote()));
        }

        private static String[] toEnv(Map<String, String> env) {
            List<String> r = new ArrayList<>();
            env.forEach((k, v) -> r.add(k + "=" + v));
            return r.toArray(new String[0]);
        }

        /** Kills every process of this machine whose environment holds all of {@code modelEnvVars} (Linux). */
        @Override
        public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
            if (modelEnvVars == null || modelEnvVars.isEmpty()) {
                return;
            }
            for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
                Path environ = Path.of("/proc", String.valueOf(h.pid()), "environ");
                String text;
                try {
                    text = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);
                } catch (IOException | SecurityException e) {
                    continue; // not ours to read, or gone
                }
                List<String> vars = Arrays.asList(text.split("\0"));
                boolean all = modelEnvVars.entrySet().stream().allMatch(e -> vars.contains(e.getKey() + "=" + e.getValue()));
                if (all && h.pid() != ProcessHandle.current().pid()) {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                }
            }
        }
    }
}

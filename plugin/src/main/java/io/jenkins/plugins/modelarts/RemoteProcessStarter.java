package io.jenkins.plugins.modelarts;

import io.modelarts.train.backend.local.ProcessStarter;
import io.modelarts.train.backend.local.StartedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local backend's {@link ProcessStarter} on the workspace's machine: every process is started, read, polled and
 * killed by the controller's {@link LauncherProcesses} (through the build's launcher).
 */
final class RemoteProcessStarter implements ProcessStarter {

    private final ProcessControl control;
    private final Path workspace;

    RemoteProcessStarter(ProcessControl control, Path workspace) {
        this.control = control;
        this.workspace = workspace;
    }

    @Override
    public Map<String, String> inheritedEnvironment() {
        return control.environment();
    }

    @Override
    public StartedProcess start(String commandLine, Map<String, String> environment, Path directory) throws IOException {
        // the launcher takes the directory relative to the workspace it was given
        String dir = workspace.relativize(directory.toAbsolutePath().normalize()).toString();
        int id = control.start(commandLine, environment, dir.isEmpty() ? "." : dir);
        return new StartedProcess() {
            @Override
            public InputStream output() {
                return new InputStream() {
                    private byte[] chunk = new byte[0];
                    private int pos;
                    private boolean ended;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        int n = read(one, 0, 1);
                        return n < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (pos >= chunk.length) {
                            if (ended) {
                                return -1;
                            }
                            byte[] next = control.read(id);
                            if (next == null) {
                                ended = true;
                                return -1;
                            }
                            chunk = next;
                            pos = 0;
                        }
                        int n = Math.min(len, chunk.length - pos);
                        System.arraycopy(chunk, pos, b, off, n);
                        pos += n;
                        return n;
                    }
                };
            }

            @Override
            public boolean isAlive() {
                try {
                    return control.isAlive(id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }

            @Override
            public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
                long deadline = System.nanoTime() + unit.toNanos(timeout);
                while (isAlive()) {
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                    Thread.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                }
                return true;
            }

            @Override
            public int exitValue() {
                try {
                    return control.exitCode(id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the exit code", e);
                }
            }

            @Override
            public void terminate() {
                kill();
            }

            @Override
            public void kill() {
                try {
                    control.kill(id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}

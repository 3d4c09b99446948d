package io.modelarts.train.backend.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link ProcessStarter#OPERATING_SYSTEM}: a process of this machine in its own session ({@link ProcessTree}). */
final class OsProcessStarter implements ProcessStarter {

    @Override
    public Map<String, String> inheritedEnvironment() {
        return System.getenv();
    }

    @Override
    public StartedProcess start(String commandLine, Map<String, String> environment, Path directory) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.shellCommand(commandLine))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        Process p = pb.start();
        return new StartedProcess() {
            @Override
            public InputStream output() {
                return p.getInputStream();
            }

            @Override
            public boolean isAlive() {
                return p.isAlive();
            }

            @Override
            public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
                return p.waitFor(timeout, unit);
            }

            @Override
            public int exitValue() {
                return p.exitValue();
            }

            @Override
            public void terminate() {
                ProcessTree.terminate(p);
            }

            @Override
            public void kill() {
                if (ProcessTree.alive(p)) {
                    ProcessTree.kill(p);
                }
            }
        };
    }
}

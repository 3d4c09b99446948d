package io.jenkins.plugins.modelarts;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The boot commands of a {@code local} job, started on the controller through the build's {@link Launcher} with the
 * step context's {@link EnvVars} (so {@code withEnv}, {@code container()} and {@code docker.image().inside} apply)
 * and ended through {@link Proc#kill()}. The job itself runs where the workspace is; it reaches this object through
 * a reference exported over the channel ({@link ProcessControl}) and reads each process's output from here.
 */
final class LauncherProcesses implements ProcessControl {

    private static final Logger LOGGER = Logger.getLogger(LauncherProcesses.class.getName());

    private final Launcher launcher;
    private final EnvVars environment;
    private final FilePath workspace;
    private final Map<Integer, Proc> processes = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    LauncherProcesses(Launcher launcher, EnvVars environment, FilePath workspace) {
        this.launcher = launcher;
        this.environment = new EnvVars(environment);
        this.workspace = workspace;
    }

    @Override
    public Map<String, String> environment() {
        return new TreeMap<>(environment);
    }

    @Override
    public int start(String line, Map<String, String> overrides, String dir) throws IOException {
        EnvVars env = new EnvVars(environment);
        env.putAll(overrides);
        Proc proc = launcher.launch()
                .cmds("/bin/sh", "-c", line)
                .envs(env)
                .pwd(workspace.child(dir))
                .readStdout()
                .quiet(true)
                .start();
        int id = next.incrementAndGet();
        processes.put(id, proc);
        return id;
    }

    @Override
    public byte[] read(int process) throws IOException {
        InputStream out = proc(process).getStdout();
        if (out == null) {
            return null;
        }
        byte[] buffer = new byte[64 * 1024];
        int n = out.read(buffer);
        return n < 0 ? null : Arrays.copyOf(buffer, n);
    }

    @Override
    public boolean isAlive(int process) throws IOException, InterruptedException {
        return proc(process).isAlive();
    }

    @Override
    public int exitCode(int process) throws IOException, InterruptedException {
        return proc(process).join();
    }

    @Override
    public void kill(int process) throws IOException, InterruptedException {
        proc(process).kill();
    }

    /** Ends every process still running (the step ended without the job ending them). */
    void killAll() {
        boolean interrupted = false;
        for (Proc p : processes.values()) {
            try {
                if (p.isAlive()) {
                    p.kill();
                }
            } catch (InterruptedException e) {
                // the others are still ended; the interrupt is kept for the caller
                interrupted = true;
                LOGGER.log(Level.WARNING, "interrupted while ending a local job's process", e);
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "ending a local job's process failed", e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Proc proc(int process) throws IOException {
        Proc p = processes.get(process);
        if (p == null) {
            throw new IOException("no process " + process + " was started for this job");
        }
        return p;
    }
}

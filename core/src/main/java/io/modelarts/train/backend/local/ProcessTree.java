package io.modelarts.train.backend.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting a shell command in its own process group and ending the whole tree it spawned.
 *
 * <p>Where {@code setsid} is available (Linux), the command starts in a new session, so its process
 * group holds every process it forks, even children whose parent already exited (they are no longer
 * descendants then). Ending the job signals that group and, as a second net, every live descendant.
 * Elsewhere only the descendants are signalled.
 */
final class ProcessTree {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static volatile Boolean setsidWorks;

    private ProcessTree() {
    }

    /** {@code [setsid -w] /bin/sh -c <line>}. */
    static List<String> shellCommand(String line) {
        List<String> cmd = new ArrayList<>();
        if (setsidAvailable()) {
            cmd.add("setsid");
            cmd.add("-w");
        }
        cmd.add("/bin/sh");
        cmd.add("-c");
        cmd.add(line);
        return cmd;
    }

    static boolean setsidAvailable() {
        Boolean ok = setsidWorks;
        if (ok == null) {
            ok = probe();
            setsidWorks = ok;
        }
        return ok;
    }

    private static boolean probe() {
        if (File.separatorChar != '/') {
            return false;
        }
        try {
            Process p = new ProcessBuilder("setsid", "-w", "/bin/sh", "-c", "exit 0")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the tree to end (SIGTERM). */
    static void terminate(Process root) {
        signal(root, false);
    }

    /** Ends the tree now (SIGKILL). */
    static void kill(Process root) {
        signal(root, true);
    }

    /** True when the root or a process of its group/descendants is still alive. */
    static boolean alive(Process root) {
        if (root.isAlive() || root.descendants().anyMatch(ProcessHandle::isAlive)) {
            return true;
        }
        return setsidAvailable() && groupAlive(root.pid());
    }

    private static void signal(Process root, boolean force) {
        List<ProcessHandle> descendants = root.descendants().toList();
        if (setsidAvailable()) {
            // the group id is the root's pid: setsid made it a session (and group) leader
            runKill(force ? "-KILL" : "-TERM", "-" + root.pid());
        }
        for (ProcessHandle h : descendants) {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
        if (force) {
            root.destroyForcibly();
        } else {
            root.destroy();
        }
    }

    private static boolean groupAlive(long pgid) {
        // kill -0 succeeds while any process of the group exists
        return runKill("-0", "-" + pgid);
    }

    private static boolean runKill(String signal, String target) {
        try {
            return run("kill", signal, "--", target);
        } catch (IOException e) {
            try {
                // no kill program on the PATH: the shell's built-in one
                return run("/bin/sh", "-c", "kill " + signal + " -- " + target);
            } catch (IOException e2) {
                LOG.debug("kill {} {} failed: {}", signal, target, e2.toString());
                return false;
            }
        }
    }

    private static boolean run(String... command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.util.StreamTaskListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in launcher starts real processes the way Jenkins' does. */
class LauncherTest {

    @TempDir
    Path tmp;

    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final Launcher launcher = new Launcher.LocalLauncher(new StreamTaskListener(console, StandardCharsets.UTF_8));

    @Test
    void envsOverrideTheInheritedEnvironmentAndStderrFollowsStdout() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = launcher.launch()
                .cmds("/bin/sh", "-c", "echo \"$GREETING in $(pwd)\"; echo \"home=${HOME:+set}\"; echo oops >&2; exit 3")
                .envs(Map.of("GREETING", "hello"))
                .pwd(new FilePath(tmp.toFile()))
                .stdout(out)
                .join();

        assertThat(code).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("hello in " + tmp.toRealPath(), "home=set", "oops");
        assertThat(console.toString(StandardCharsets.UTF_8)).as("the command line is printed").contains("$ /bin/sh -c");
    }

    @Test
    void pathPlusPrependsAndQuietPrintsNothing() throws Exception {
        EnvVars env = new EnvVars();
        env.put("PATH+EXTRA", "/opt/extra/bin");
        Proc p = launcher.launch().cmds("/bin/sh", "-c", "echo $PATH").envs(env).readStdout().quiet(true).start();
        String out = new String(p.getStdout().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.join()).isZero();
        assertThat(out).startsWith("/opt/extra/bin:");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void killEndsTheProcessAndWhatItStarted() throws Exception {
        Path pids = tmp.resolve("pids");
        Proc p = launcher.launch().cmds("/bin/sh", "-c", "sleep 300 & echo $! > " + pids + "; wait").quiet(true).start();
        for (int i = 0; i < 100 && !(Files.exists(pids) && Files.size(pids) > 0); i++) {
            Thread.sleep(50);
        }
        long child = Long.parseLong(Files.readString(pids).trim());
        assertThat(p.isAlive()).isTrue();

        p.kill();

        assertThat(p.isAlive()).isFalse();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aDecoratedLauncherDelegates() throws Exception {
        Launcher windows = new Launcher.DecoratedLauncher(launcher) {
            @Override
            public boolean isUnix() {
                return false;
            }
        };
        assertThat(launcher.isUnix()).isTrue();
        assertThat(windows.isUnix()).isFalse();
        assertThat(new Launcher.DecoratedLauncher(launcher).launch().cmds("true").quiet(true).join()).isZero();
    }
}

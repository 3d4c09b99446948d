package io.jenkins.plugins.testsupport;

import hudson.model.Hudson;
import hudson.model.listeners.ItemListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Our small jenkins-test-harness ({@code JenkinsSessionExtension} and {@code JenkinsRule} in one): a JUnit 5
 * extension that boots the stand-in Jenkins ({@code new Hudson(home, null)}) in a fresh home before each test and
 * shuts it down with {@code Jenkins.cleanUp()} after it.
 * <pre>{@code
 * @RegisterExtension final JenkinsSessions sessions = new JenkinsSessions();
 * sessions.onBoot(j -> configure());          // what the home's configuration files would restore
 * TestBuild b = sessions.createJob("train").newBuild();
 * StepRun step = sessions.start(b, myStep);    // on the build's CPS VM thread
 * sessions.restart();                          // cleanUp(), a new Jenkins on the same home, onResume()
 * }</pre>
 *
 * <p>A {@link #restart()} is the real sequence: {@code Jenkins.cleanUp()} (item listeners' {@code onBeforeShutdown},
 * the terminators in order, among them the engine's, which writes every running build's {@code program.dat}), then
 * a fresh Jenkins on the same home loads the jobs and running builds from disk, tells {@code ItemListener.onLoaded}
 * and resumes each build's steps from its program. A {@link #crash()} is a {@code kill -9}: no listener, no
 * terminator; the new Jenkins starts on a copy of the home as it was at that instant (the old session's threads,
 * still in this JVM, keep writing into the old home, which nothing reads again, and its step contexts are dead).
 *
 * <p>The stand-ins keep descriptors and credentials in memory only, so configuration is re-applied at every boot
 * by the {@link #onBoot} actions; users, jobs, builds, build logs and programs live in the home and survive.
 */
public final class JenkinsSessions implements BeforeEachCallback, AfterEachCallback {

    /** Configuration applied at each boot (stands for the home's configuration files). */
    @FunctionalInterface
    public interface Setup {
        void apply(Jenkins jenkins) throws Exception;
    }

    private final List<Setup> onBoot = new ArrayList<>();
    private final Map<String, StepRun> steps = new ConcurrentHashMap<>();
    private final List<Path> homes = new ArrayList<>();
    private volatile Durability durability = Durability.PERFORMANCE_OPTIMIZED;
    private Path home;
    private Session session;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("jenkins-home");
        homes.add(home);
        boot();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            shutDown();
        } finally {
            SecurityContextHolder.clearContext();
            for (Path h : homes) {
                deleteQuietly(h);
            }
        }
    }

    public Jenkins jenkins() {
        return Jenkins.get();
    }

    /** The current home ({@code JENKINS_HOME}). */
    public Path home() {
        return home;
    }

    /** Runs {@code setup} now and after every restart, before running builds resume. */
    public void onBoot(Setup setup) throws Exception {
        onBoot.add(setup);
        try (ACLContext c = ACL.as2(ACL.SYSTEM2)) {
            setup.apply(Jenkins.get());
        }
    }

    /** The Pipeline durability hint of the builds (global, as in Manage Jenkins); read at every {@code saveState()}. */
    public void durability(Durability d) {
        this.durability = d;
    }

    public TestJob createJob(String name) throws IOException, InterruptedException {
        Jenkins j = Jenkins.get();
        TestJob job = new TestJob(j, name);
        j.putItem(job);
        return job;
    }

    /** A build of the current session (after a restart: the one loaded from disk). */
    public TestBuild build(String job, int number) {
        return session.build(job, number);
    }

    /** Starts {@code step} in {@code build}, as the Pipeline engine does, on the build's CPS VM thread. */
    public StepRun start(TestBuild build, Step step) throws Exception {
        return session.start(build, step);
    }

    /** The record of a step, by build and flow node id (the same object across restarts). */
    public StepRun step(TestBuild build, String id) {
        return steps.get(build.getParent().getName() + "#" + build.getNumber() + ":" + id);
    }

    /** A clean restart: {@code Jenkins.cleanUp()} then a new Jenkins on the same home, which resumes running builds. */
    public void restart() throws Exception {
        restart(() -> { });
    }

    /** {@link #restart()}, running {@code whileDown} after the shutdown and before the new Jenkins boots. */
    public void restart(ThrowingRunnable whileDown) throws Exception {
        shutDown();
        whileDown.run();
        boot();
    }

    /** Something to do while no Jenkins runs. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A crash ({@code kill -9}): nothing is told; a new Jenkins starts on the home as it is now. */
    public void crash() throws Exception {
        Path copy = Files.createTempDirectory("jenkins-home-after-crash");
        homes.add(copy);
        copyTree(home, copy);
        Session dead = session;
        session = null;
        if (dead != null) {
            dead.end();
        }
        forgetInstance();
        home = copy;
        boot();
    }

    /** Installs permissions decided by {@code acl} for every object, as a matrix authorization strategy would. */
    public static void permissions(BiPredicate<Authentication, Permission> acl) {
        Jenkins.get().setAuthorizationStrategy(new AuthorizationStrategy() {
            @Override
            public ACL getRootACL() {
                return ACL.lambda2(acl::test);
            }

            @Override
            public Collection<String> getGroups() {
                return List.of();
            }
        });
    }

    /** An authenticated user (for {@code ACL.as2}). */
    public static Authentication user(String name) {
        return new UsernamePasswordAuthenticationToken(name, "x");
    }

    // ---------------------------------------------------------------- boot and shutdown

    @SuppressWarnings("deprecation")
    private void boot() throws Exception {
        Jenkins j = new Hudson(home.toFile(), null);
        session = new Session(j, () -> durability, steps);
        try (ACLContext c = ACL.as2(ACL.SYSTEM2)) {
            for (Setup s : onBoot) {
                s.apply(j);
            }
        }
        List<TestBuild> running = new ArrayList<>();
        File[] jobs = new File(home.toFile(), "jobs").listFiles(File::isDirectory);
        if (jobs != null) {
            for (File jobDir : jobs) {
                TestJob job = new TestJob(j, jobDir.getName());
                j.putItem(job);
                File[] builds = new File(jobDir, "builds").listFiles(f -> f.isDirectory() && f.getName().matches("\\d+"));
                if (builds == null) {
                    continue;
                }
                java.util.Arrays.sort(builds, Comparator.comparingInt(f -> Integer.parseInt(f.getName())));
                for (File b : builds) {
                    File stateFile = new File(b, "build.properties");
                    if (!stateFile.exists()) {
                        continue;
                    }
                    Properties state = new Properties();
                    try (InputStream in = new FileInputStream(stateFile)) {
                        state.load(in);
                    }
                    TestBuild build = new TestBuild(job, Integer.parseInt(b.getName()), state);
                    if (build.isBuilding()) {
                        running.add(build);
                    }
                }
            }
        }
        for (ItemListener l : ItemListener.all()) {
            l.onLoaded();
        }
        for (TestBuild b : running) {
            if (new File(b.getRootDir(), Session.PROGRAM).exists()) {
                session.resume(b);
            } else {
                b.listener().getLogger().println("Resuming build at " + new java.util.Date()
                        + " failed: its program was never saved (performance-optimized durability and no clean shutdown)");
                b.listener().getLogger().println("Finished: FAILURE");
                b.finish(hudson.model.Result.FAILURE);
                b.closeListener();
            }
        }
    }

    private void shutDown() {
        Jenkins j = Jenkins.getInstanceOrNull();
        Session s = session;
        session = null;
        try {
            if (j != null) {
                j.cleanUp();
            }
        } finally {
            if (s != null) {
                s.end();
            }
        }
    }

    /** A crashed JVM runs no shutdown code: the singleton is dropped without {@code cleanUp()} (test-only reach). */
    private static void forgetInstance() throws ReflectiveOperationException {
        Field f = Jenkins.class.getDeclaredField("theInstance");
        f.setAccessible(true);
        f.set(null, null);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a thread of an ended session may still write there; temporary files anyway
        }
    }
}

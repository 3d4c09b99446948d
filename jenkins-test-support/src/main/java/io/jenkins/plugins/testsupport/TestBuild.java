package io.jenkins.plugins.testsupport;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.StreamTaskListener;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.springframework.security.core.Authentication;

/**
 * A build of a {@link TestJob}. Its console is the file {@code log} of its directory (appended to across restarts);
 * its state ({@code building} or the result, and the user it runs as) is kept in {@code build.properties}, so a
 * restarted Jenkins loads it again. Its workspace is {@code workspace/<job>} of the home.
 */
public final class TestBuild extends Run<TestJob, TestBuild> {
    private transient StreamTaskListener listener;
    private volatile String user;
    private transient volatile ClassLoader scriptLoader;
    private final transient java.util.concurrent.atomic.AtomicInteger programWrites = new java.util.concurrent.atomic.AtomicInteger();
    /** The steps' flow nodes, one per step id, with the actions put on them (kept in memory only, not across a restart). */
    private final transient Map<String, FlowNode> nodes = new ConcurrentHashMap<>();

    TestBuild(TestJob job) throws IOException {
        super(job);
        job.register(this);
        writeState();
    }

    /** Loads build {@code number} of {@code job} from its directory (a Jenkins restart). */
    TestBuild(TestJob job, int number, Properties state) {
        super(job, Long.parseLong(state.getProperty("timestamp", "0")));
        this.number = number;
        this.user = state.getProperty("user");
        job.register(this);
        String r = state.getProperty("result");
        if (r != null) {
            setResult(Result.fromString(r));
            onEndBuilding();
        }
    }

    /** The flow node of step {@code stepId}: the same object each time, as Jenkins keeps a node with its actions. */
    public FlowNode node(String stepId) {
        return nodes.computeIfAbsent(stepId, id -> new FlowNode(null, id) {
            @Override
            protected String getTypeDisplayName() {
                return "step";
            }
        });
    }

    /** The console, appended to the build's {@code log} file. */
    public synchronized TaskListener listener() {
        if (listener == null) {
            try {
                Files.createDirectories(getRootDir().toPath());
                listener = new StreamTaskListener(new FileOutputStream(new File(getRootDir(), "log"), true), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return listener;
    }

    /** The console text so far. */
    public String log() {
        File f = new File(getRootDir(), "log");
        try {
            return f.exists() ? Files.readString(f.toPath(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FilePath workspace() {
        File ws = new File(new File(jenkins.model.Jenkins.get().getRootDir(), "workspace"), getParent().getName());
        ws.mkdirs();
        return new FilePath(ws);
    }

    /** The user the build runs as (Pipeline runs its steps as this user after a restart too); {@code null}: SYSTEM. */
    public void runAs(String userId) throws IOException {
        this.user = userId;
        writeState();
    }

    /**
     * The class loader of the build's script: the context class loader of its CPS VM thread, as in Pipeline (whose
     * script loader's parent answers with any plugin's classes). By default a fresh, empty child of the test's loader.
     */
    public void scriptClassLoader(ClassLoader loader) {
        this.scriptLoader = loader;
    }

    synchronized ClassLoader scriptClassLoader() {
        if (scriptLoader == null) {
            scriptLoader = new java.net.URLClassLoader("script " + getExternalizableId(), new java.net.URL[0], TestBuild.class.getClassLoader());
        }
        return scriptLoader;
    }

    /** The build is over: nothing of the harness keeps its script loader any more. */
    void forgetScriptClassLoader() {
        scriptLoader = null;
    }

    String user() {
        return user;
    }

    Authentication authentication() {
        if (user == null) {
            return hudson.security.ACL.SYSTEM2;
        }
        hudson.model.User u = hudson.model.User.getById(user, true);
        return u.impersonate2();
    }

    /** How often this build's whole program ({@code program.dat}) was written in this session. */
    public int programWrites() {
        return programWrites.get();
    }

    void programWritten() {
        programWrites.incrementAndGet();
    }

    /** Ends the build with {@code r} (what the Pipeline engine does when the last step ends). */
    public void finish(Result r) throws IOException {
        if (isBuilding()) {
            setResult(r);
            onEndBuilding();
            writeState();
        }
    }

    synchronized void closeListener() {
        if (listener != null) {
            listener.getLogger().flush();
            listener.getLogger().close();
            listener = null;
        }
    }

    void writeState() throws IOException {
        Properties p = new Properties();
        p.setProperty("timestamp", Long.toString(getTimeInMillis()));
        if (user != null) {
            p.setProperty("user", user);
        }
        if (!isBuilding() && getResult() != null) {
            p.setProperty("result", getResult().toString());
        }
        Files.createDirectories(getRootDir().toPath());
        try (FileOutputStream out = new FileOutputStream(new File(getRootDir(), "build.properties"))) {
            p.store(out, null);
        }
    }
}

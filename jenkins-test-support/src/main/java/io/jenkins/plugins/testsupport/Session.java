package io.jenkins.plugins.testsupport;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListenableFutureTask;
import hudson.model.Result;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The Pipeline engine of one Jenkins session (from boot to shutdown or crash), modelled on workflow-cps where a step
 * can tell: each running build has one "CPS VM" thread (its context class loader is the build's script class
 * loader, and it runs as the build's user) on which steps start, resume and are visited; the running step
 * executions of a build are its program, written to {@code program.dat} by Java serialisation when
 * {@code saveState()} asks for it in max-survivability mode and by the shutdown terminator in every mode.
 */
final class Session {
    private static final Logger LOGGER = Logger.getLogger(Session.class.getName());
    static final String PROGRAM = "program.dat";

    private static volatile Session current;
    private static final ThreadLocal<Session> LOADING = new ThreadLocal<>();

    final Jenkins jenkins;
    private final java.util.function.Supplier<Durability> durability;
    private final Map<String, StepRun> steps;
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    private volatile boolean alive = true;

    Session(Jenkins jenkins, java.util.function.Supplier<Durability> durability, Map<String, StepRun> steps) {
        this.jenkins = jenkins;
        this.durability = durability;
        this.steps = steps;
        current = this;
    }

    static Session current() {
        return current;
    }

    /** The session a step context read back from a program belongs to. */
    static Session loading() {
        Session s = LOADING.get();
        return s != null ? s : current;
    }

    boolean alive() {
        return alive;
    }

    Durability durability() {
        return durability.get();
    }

    TestBuild build(String job, int number) {
        if (!(jenkins.getItem(job) instanceof TestJob j)) {
            return null;
        }
        return j.getBuildByNumber(number);
    }

    /** What the program of a build holds. */
    private static final class ProgramState implements Serializable {
        private static final long serialVersionUID = 1L;
        int nextId;
        LinkedHashMap<String, StepExecution> running = new LinkedHashMap<>();
    }

    /** A running build: its CPS VM thread and running step executions. */
    private final class Program {
        final TestBuild build;
        final ExecutorService cps;
        final ProgramState state = new ProgramState();

        Program(TestBuild build) {
            this.build = build;
            ClassLoader script = build.scriptClassLoader();
            String name = "Running CpsFlowExecution[" + build.getExternalizableId() + "]";
            this.cps = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                t.setContextClassLoader(script);
                return t;
            });
            state.nextId = 3;
        }

        <T> ListenableFuture<T> onCps(Callable<T> work) {
            ListenableFutureTask<T> task = ListenableFutureTask.create(() -> {
                try (ACLContext ctx = ACL.as2(build.authentication())) {
                    return work.call();
                }
            });
            cps.execute(task);
            return task;
        }

        void write() throws IOException {
            File dir = build.getRootDir();
            Files.createDirectories(dir.toPath());
            File tmp = new File(dir, PROGRAM + ".tmp");
            try (ObjectOutputStream out = new ObjectOutputStream(new FileOutputStream(tmp))) {
                synchronized (state) {
                    out.writeObject(state);
                }
            }
            Files.move(tmp.toPath(), new File(dir, PROGRAM).toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            build.programWritten();
        }

        void end() {
            cps.shutdown();
            programs.remove(key(build));
        }
    }

    private static String key(TestBuild b) {
        return b.getParent().getName() + "#" + b.getNumber();
    }

    private Program program(TestBuild b) {
        return programs.computeIfAbsent(key(b), k -> new Program(b));
    }

    /** Starts {@code step} in {@code build} on the build's CPS VM thread: {@code step.start(context).start()}. */
    StepRun start(TestBuild build, Step step) throws Exception {
        Program p = program(build);
        String id;
        synchronized (p.state) {
            id = Integer.toString(p.state.nextId++);
        }
        StepRun run = steps.computeIfAbsent(key(build) + ":" + id, k -> new StepRun(build, id));
        p.onCps(() -> {
            PipelineContext ctx = new PipelineContext(this, build, id);
            StepExecution e;
            try {
                e = step.start(ctx);
                run.execution = e;
                synchronized (p.state) {
                    p.state.running.put(id, e);
                }
                if (e.start()) {
                    return null; // completed synchronously, through the context
                }
            } catch (Throwable t) {
                ctx.onFailure(t);
            }
            return null;
        }).get(30, TimeUnit.SECONDS);
        return run;
    }

    void completed(String job, int number, String id, Object result, Throwable error) {
        StepRun run = steps.get(job + "#" + number + ":" + id);
        TestBuild build = build(job, number);
        if (run == null || build == null) {
            return;
        }
        boolean first = run.completions() == 0;
        if (error != null) {
            run.failures.add(error);
        } else {
            run.successes.add(result);
        }
        if (!first) {
            LOGGER.log(Level.FINE, "already completed: " + run.id, error);
            return;
        }
        Program p = programs.get(job + "#" + number);
        if (p == null) {
            run.completed();
            return;
        }
        boolean last;
        synchronized (p.state) {
            p.state.running.remove(id);
            last = p.state.running.isEmpty();
        }
        try {
            if (last) {
                Result r = Result.SUCCESS;
                if (error != null) {
                    r = error instanceof FlowInterruptedException f ? f.getResult() : Result.FAILURE;
                    build.listener().getLogger().println("ERROR: " + error.getMessage());
                }
                build.listener().getLogger().println("Finished: " + r);
                build.finish(r);
                Files.deleteIfExists(new File(build.getRootDir(), PROGRAM).toPath());
                p.end();
                build.closeListener();
                build.forgetScriptClassLoader();
            } else if (durability() == Durability.MAX_SURVIVABILITY) {
                p.write();
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "ending " + build, e);
        } finally {
            run.completed();
        }
    }

    ListenableFuture<Void> saveProgram(String job, int number) {
        Program p = programs.get(job + "#" + number);
        if (p == null) {
            return Futures.immediateFuture(null);
        }
        return p.onCps(() -> {
            p.write();
            return null;
        });
    }

    /** Visits every running step execution on its build's CPS VM thread (the engine's {@code StepExecutionIterator}). */
    ListenableFuture<?> acceptAll(Consumer<StepExecution> c) {
        List<ListenableFuture<?>> all = new ArrayList<>();
        for (Program p : programs.values()) {
            all.add(p.onCps(() -> {
                List<StepExecution> running;
                synchronized (p.state) {
                    running = new ArrayList<>(p.state.running.values());
                }
                for (StepExecution e : running) {
                    try {
                        c.accept(e);
                    } catch (RuntimeException x) {
                        LOGGER.log(Level.WARNING, null, x);
                    }
                }
                return null;
            }));
        }
        return Futures.allAsList(all);
    }

    /** The shutdown terminator: every running build's program is written and its console closed. */
    void suspendAll() {
        List<ListenableFuture<?>> all = new ArrayList<>();
        for (Program p : programs.values()) {
            all.add(p.onCps(() -> {
                p.write();
                p.build.closeListener();
                return null;
            }));
        }
        try {
            Futures.allAsList(all).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "suspending the running builds", e);
        }
    }

    /** Reads a build's program back and resumes its steps on its CPS VM thread ({@code onResume()}). */
    void resume(TestBuild build) throws Exception {
        Program p = program(build);
        p.onCps(() -> {
            ProgramState saved;
            LOADING.set(this);
            try (ObjectInputStream in = new ObjectInputStream(new FileInputStream(new File(build.getRootDir(), PROGRAM)))) {
                saved = (ProgramState) in.readObject();
            } finally {
                LOADING.remove();
            }
            synchronized (p.state) {
                p.state.nextId = saved.nextId;
                p.state.running.putAll(saved.running);
            }
            build.listener().getLogger().println("Resuming build at " + new Date() + " after Jenkins restart");
            for (Map.Entry<String, StepExecution> e : saved.running.entrySet()) {
                StepRun run = steps.computeIfAbsent(key(build) + ":" + e.getKey(), k -> new StepRun(build, e.getKey()));
                run.execution = e.getValue();
            }
            for (StepExecution e : saved.running.values()) {
                try {
                    e.onResume();
                } catch (Throwable t) {
                    e.getContext().onFailure(t);
                }
            }
            return null;
        }).get(30, TimeUnit.SECONDS);
    }

    /** The session ends (after a clean shutdown, or a crash): its threads stop and its contexts go dead. */
    void end() {
        alive = false;
        for (Program p : programs.values()) {
            p.cps.shutdownNow();
        }
        programs.clear();
        if (current == this) {
            current = null;
        }
    }
}

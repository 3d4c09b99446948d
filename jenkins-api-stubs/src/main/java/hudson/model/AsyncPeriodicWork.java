package hudson.model;

import java.io.File;
import java.io.IOException;
import java.util.logging.Level;

/**
 * Stand-in for {@code hudson.model.AsyncPeriodicWork}: a {@link PeriodicWork} whose {@link #execute(TaskListener)}
 * runs on a thread of its own (a run still going when the next one is due is not started twice). Jenkins writes
 * what it prints to a log file of the work; this stand-in discards it.
 */
public abstract class AsyncPeriodicWork extends PeriodicWork {

    public final String name;

    private Thread thread;

    protected AsyncPeriodicWork(String name) {
        this.name = name;
    }

    @Override
    public final void doRun() {
        synchronized (this) {
            if (thread != null && thread.isAlive()) {
                logger.log(getSlowLoggingLevel(), "{0} is still running; skipped this time", name);
                return;
            }
            thread = new Thread(() -> {
                try {
                    execute(TaskListener.NULL);
                } catch (IOException | RuntimeException e) {
                    logger.log(Level.WARNING, name + " failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name + " thread");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The work itself; {@code listener} goes to the work's log file. */
    protected abstract void execute(TaskListener listener) throws IOException, InterruptedException;

    protected Level getNormalLoggingLevel() {
        return Level.INFO;
    }

    protected Level getSlowLoggingLevel() {
        return getNormalLoggingLevel();
    }

    protected File getLogFile() {
        return new File(jenkins.model.Jenkins.get().getRootDir(), "logs/tasks/" + name + ".log");
    }
}

package hudson.triggers;

import java.util.TimerTask;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stand-in for {@code hudson.triggers.SafeTimerTask}: a timer task whose failures are logged instead of killing the
 * timer thread. Subclasses implement {@link #doRun()}.
 */
public abstract class SafeTimerTask extends TimerTask {

    private static final Logger LOGGER = Logger.getLogger(SafeTimerTask.class.getName());

    public SafeTimerTask() {
    }

    @Override
    public final void run() {
        try {
            doRun();
        } catch (Throwable t) {
            LOGGER.log(Level.SEVERE, "Timer task " + this + " failed", t);
        }
    }

    protected abstract void doRun() throws Exception;
}

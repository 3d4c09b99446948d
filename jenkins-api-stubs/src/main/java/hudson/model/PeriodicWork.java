package hudson.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.triggers.SafeTimerTask;
import java.util.Random;
import java.util.logging.Logger;

/**
 * Stand-in for {@code hudson.model.PeriodicWork}: an extension that Jenkins runs every
 * {@link #getRecurrencePeriod()} milliseconds, the first time after {@link #getInitialDelay()}.
 */
public abstract class PeriodicWork extends SafeTimerTask implements ExtensionPoint {

    protected final Logger logger = Logger.getLogger(getClass().getName());

    protected static final long MIN = 1000 * 60;
    protected static final long HOUR = 60 * MIN;
    protected static final long DAY = 24 * HOUR;

    private static final Random RANDOM = new Random();

    public PeriodicWork() {
    }

    /** Milliseconds between two runs. */
    public abstract long getRecurrencePeriod();

    /** Milliseconds before the first run: by default a random part of the period, so that works do not run together. */
    public long getInitialDelay() {
        long l = RANDOM.nextLong();
        if (l == Long.MIN_VALUE) {
            l++;
        }
        return Math.abs(l) % getRecurrencePeriod();
    }

    public static ExtensionList<PeriodicWork> all() {
        return ExtensionList.lookup(PeriodicWork.class);
    }
}

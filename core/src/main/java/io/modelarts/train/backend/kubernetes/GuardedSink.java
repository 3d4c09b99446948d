package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sink a job reports to, made safe for the backend's threads: an exception the sink throws is caught so that it
 * cannot stop the control thread or a log stream. The first one is logged as a warning with its cause, later ones of
 * the same job at debug level, so that a broken console does not flood the log with one stack trace per line.
 */
final class GuardedSink implements JobEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedSink.class);

    private final JobEventSink delegate;
    private final String jobName;
    private final AtomicBoolean warned = new AtomicBoolean();

    GuardedSink(JobEventSink delegate, String jobName) {
        this.delegate = delegate;
        this.jobName = jobName;
    }

    @Override
    public void status(JobStatus status, String reason) {
        try {
            delegate.status(status, reason);
        } catch (RuntimeException e) {
            failed("a status", e);
        }
    }

    @Override
    public void log(String worker, String line) {
        try {
            delegate.log(worker, line);
        } catch (RuntimeException e) {
            failed("a log line", e);
        }
    }

    @Override
    public void logLines(String worker, byte[] utf8, int from, int to) {
        try {
            delegate.logLines(worker, utf8, from, to);
        } catch (RuntimeException e) {
            failed("log lines", e);
        }
    }

    @Override
    public void info(String message) {
        try {
            delegate.info(message);
        } catch (RuntimeException e) {
            failed("a message", e);
        }
    }

    private void failed(String what, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("The event sink of job {} threw while taking {}; the job goes on (further failures of this sink are logged at debug level)",
                    jobName, what, e);
        } else {
            LOG.debug("The event sink of job {} threw again while taking {}", jobName, what, e);
        }
    }
}

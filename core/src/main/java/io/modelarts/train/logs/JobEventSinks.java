package io.modelarts.train.logs;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Combinators for {@link JobEventSink}s. */
public final class JobEventSinks {

    private static final Logger LOG = LoggerFactory.getLogger(JobEventSinks.class);

    private JobEventSinks() {
    }

    /**
     * Sends every event to each sink in order. A sink that throws is logged and skipped for that event,
     * so one broken sink (a closed console) never stops the others or the backend.
     */
    public static JobEventSink tee(JobEventSink... sinks) {
        List<JobEventSink> all = List.of(sinks);
        return new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                for (JobEventSink s : all) {
                    try {
                        s.status(status, reason);
                    } catch (RuntimeException e) {
                        LOG.warn("event sink {} failed: {}", s, e.toString());
                    }
                }
            }

            @Override
            public void log(String worker, String line) {
                for (JobEventSink s : all) {
                    try {
                        s.log(worker, line);
                    } catch (RuntimeException e) {
                        LOG.warn("event sink {} failed: {}", s, e.toString());
                    }
                }
            }

            @Override
            public void logLines(String worker, byte[] utf8, int from, int to) {
                for (JobEventSink s : all) {
                    try {
                        s.logLines(worker, utf8, from, to);
                    } catch (RuntimeException e) {
                        LOG.warn("event sink {} failed: {}", s, e.toString());
                    }
                }
            }

            @Override
            public void info(String message) {
                for (JobEventSink s : all) {
                    try {
                        s.info(message);
                    } catch (RuntimeException e) {
                        LOG.warn("event sink {} failed: {}", s, e.toString());
                    }
                }
            }
        };
    }

    /** A sink that never throws back: failures of {@code delegate} are logged and swallowed. */
    public static JobEventSink safe(JobEventSink delegate) {
        return tee(delegate);
    }
}

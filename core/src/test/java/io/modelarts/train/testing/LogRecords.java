package io.modelarts.train.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what one class logs through java.util.logging while open. */
public final class LogRecords extends Handler implements AutoCloseable {

    private final Logger logger; // held: the log manager keeps loggers only weakly
    private final List<LogRecord> records = new ArrayList<>();

    private LogRecords(Logger logger) {
        this.logger = logger;
    }

    public static LogRecords of(Class<?> type) {
        LogRecords r = new LogRecords(Logger.getLogger(type.getName()));
        r.setLevel(Level.ALL);
        r.logger.addHandler(r);
        return r;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

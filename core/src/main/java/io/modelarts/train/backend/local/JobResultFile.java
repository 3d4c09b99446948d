package io.modelarts.train.backend.local;

import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * How a local job ended, kept in its job directory ({@value #NAME}), so that a later look at the job (after this
 * JVM restarted) still finds its result.
 */
final class JobResultFile {

    static final String NAME = "job-result.properties";

    private static final Logger LOG = LoggerFactory.getLogger(JobResultFile.class);

    private JobResultFile() {
    }

    /** Writes {@code r} into {@code root}; a failure is logged, the job's result stands without the file. */
    static void write(Path root, String jobName, String jobId, JobResult r) {
        Properties p = new Properties();
        p.setProperty("jobName", jobName);
        p.setProperty("jobId", jobId);
        p.setProperty("status", r.status().displayName());
        p.setProperty("attempts", String.valueOf(r.attempts()));
        if (r.worker() != null) {
            p.setProperty("worker", r.worker());
        }
        if (r.exitCode() != null) {
            p.setProperty("exitCode", String.valueOf(r.exitCode()));
        }
        if (r.reason() != null) {
            p.setProperty("reason", r.reason());
        }
        if (r.duration() != null) {
            p.setProperty("durationMillis", String.valueOf(r.duration().toMillis()));
        }
        try (var w = Files.newBufferedWriter(root.resolve(NAME))) {
            p.store(w, "result of a local ModelArts training job");
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", root.resolve(NAME), e.toString());
        }
    }

    /** The result written into {@code jobDirectory}, or null when there is none or it cannot be read. */
    static JobResult read(Path jobDirectory) {
        Path file = jobDirectory.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            return null;
        }
        JobStatus status = JobStatus.fromDisplayName(p.getProperty("status", ""));
        if (status == null) {
            return null;
        }
        String exit = p.getProperty("exitCode");
        String millis = p.getProperty("durationMillis");
        try {
            return new JobResult(status, Integer.parseInt(p.getProperty("attempts", "1")), p.getProperty("worker"),
                    exit == null ? null : Integer.valueOf(exit), p.getProperty("reason"),
                    millis == null ? null : Duration.ofMillis(Long.parseLong(millis)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

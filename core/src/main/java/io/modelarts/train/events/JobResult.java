package io.modelarts.train.events;

import java.time.Duration;

/**
 * How a job ended: its final status, how many attempts ran, and for a failure which worker failed,
 * with which exit code and why (e.g. OOMKilled, DeadlineExceeded, "stopped by user").
 */
public record JobResult(JobStatus status, int attempts, String worker, Integer exitCode, String reason, Duration duration) {

    public boolean isSuccess() {
        return status == JobStatus.COMPLETED;
    }

    /** One sentence for a console or a build failure message. */
    public String describe() {
        StringBuilder s = new StringBuilder("Job ").append(status.displayName());
        if (worker != null) {
            s.append(" on ").append(worker);
        }
        if (exitCode != null) {
            s.append(", exit code ").append(exitCode);
        }
        if (reason != null && !reason.isBlank()) {
            s.append(" (").append(reason).append(')');
        }
        s.append(" after ").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
        if (duration != null) {
            s.append(", ").append(formatDuration(duration));
        }
        return s.toString();
    }

    static String formatDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 10) {
            return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0); // short runs: "0.8s", not "0s"
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m " + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h " + ((seconds % 3600) / 60) + "m";
    }
}

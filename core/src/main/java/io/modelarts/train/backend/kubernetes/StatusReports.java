package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The statuses a job reports to its sink: each change once, and a changed Pending reason at most once per pending-reason
 * interval (a scheduler's message can change every few seconds; the ticker reports the latest one later). Control
 * thread only.
 */
final class StatusReports {

    private final JobEventSink sink;
    private final Duration pendingReasonInterval;
    private JobStatus reported;
    private String reportedReason;
    private Instant reportedAt;

    StatusReports(JobEventSink sink, Duration pendingReasonInterval) {
        this.sink = sink;
        this.pendingReasonInterval = pendingReasonInterval;
    }

    void report(JobStatus status, String reason) {
        Instant now = Instant.now();
        if (status == reported) {
            if (Objects.equals(reason, reportedReason)) {
                return;
            }
            if (status == JobStatus.PENDING && reportedAt != null && now.isBefore(reportedAt.plus(pendingReasonInterval))) {
                return;
            }
        }
        reported = status;
        reportedReason = reason;
        reportedAt = now;
        sink.status(status, reason);
    }

    /** A new attempt: its first status is reported even when it is the last one's. */
    void forget() {
        reported = null;
    }
}

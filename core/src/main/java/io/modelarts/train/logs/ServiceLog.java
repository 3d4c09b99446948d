package io.modelarts.train.logs;

import io.modelarts.train.events.JobStatus;

/** The text of platform lines, as ModelArts writes them into a job's log: {@code [ModelArts Service Log] ...}. */
public final class ServiceLog {

    public static final String PREFIX = "[ModelArts Service Log] ";

    private ServiceLog() {
    }

    /** {@code [ModelArts Service Log] status: Failed (exit code 1)}. */
    public static String statusLine(JobStatus status, String reason) {
        return PREFIX + "status: " + status.displayName() + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }

    /** {@code [ModelArts Service Log] <message>}. */
    public static String infoLine(String message) {
        return PREFIX + message;
    }
}

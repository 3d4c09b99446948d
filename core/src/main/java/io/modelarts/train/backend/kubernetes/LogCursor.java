package io.modelarts.train.backend.kubernetes;

import java.io.Serializable;

/**
 * Where reading one container's log stands: the timestamp of the last delivered line (RFC 3339, as the
 * API server wrote it) and how many delivered lines carry exactly that timestamp. Kubernetes logs have no
 * byte offsets; a reader resumes with {@code sinceTime} (which the server rounds down to the second and
 * may answer with earlier lines, kubernetes#77856), then drops lines older than {@code lastTimestamp} and
 * the first {@code linesAtTimestamp} lines stamped exactly {@code lastTimestamp}.
 *
 * @param lastTimestamp    null before the first line
 * @param finished         the container ended and its log was read to the end
 */
public record LogCursor(String lastTimestamp, int linesAtTimestamp, boolean finished) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final LogCursor START = new LogCursor(null, 0, false);

    public LogCursor finish() {
        return new LogCursor(lastTimestamp, linesAtTimestamp, true);
    }
}

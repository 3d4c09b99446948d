package io.modelarts.train.rules;

import java.util.Objects;

/**
 * One mistake in a job definition: the field path as written in the job file
 * (e.g. {@code sfsTurbo[1].localPath}) and a message that names the rule.
 *
 * <p>Field and message are always one line: control characters (line breaks, tabs, NUL, bidi
 * overrides...) are written as escapes ({@code \n}, {@code \u0000}), so that
 * {@code modelarts-train validate} prints exactly one line per problem whatever the job file holds.
 */
public record Problem(Severity severity, String field, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        field = ProblemText.oneLine(Objects.requireNonNull(field, "field"));
        message = ProblemText.oneLine(Objects.requireNonNull(message, "message"));
    }

    public static Problem error(String field, String message) {
        return new Problem(Severity.ERROR, field, message);
    }

    public static Problem warning(String field, String message) {
        return new Problem(Severity.WARNING, field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code field: message}, or {@code warning: field: message}; the format of {@code modelarts-train validate}. */
    @Override
    public String toString() {
        String text = field.isEmpty() ? message : field + ": " + message;
        return isError() ? text : "warning: " + text;
    }
}

package io.modelarts.train.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Auto stop as written ({@code 2h}, {@code 72h}, or a bare number of hours). {@link #hours()} is
 * {@code null} when the text is not a whole number of hours; the validator reports that.
 */
public record AutoStop(String text) {

    private static final Pattern HOURS = Pattern.compile("\\s*(\\d{1,9})\\s*(h|hours?)?\\s*");

    public Integer hours() {
        Matcher m = HOURS.matcher(text);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    public Duration duration() {
        Integer h = hours();
        return h == null ? null : Duration.ofHours(h);
    }

    @Override
    public String toString() {
        Integer h = hours();
        return h == null ? text : h + "h";
    }
}

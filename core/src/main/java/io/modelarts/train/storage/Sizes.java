package io.modelarts.train.storage;

import java.util.Locale;

/** Byte counts for people: decimal units, as the ModelArts limits ("5 GB") are written. */
public final class Sizes {

    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};

    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 || value == Math.rint(value) ? "%.0f %s" : "%.1f %s",
                value, UNITS[unit]);
    }
}

package io.modelarts.train.backend.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link LocalBackend}.
 *
 * @param workRoot         where job directories are created ({@code <workRoot>/<job name>-<time>-<random>})
 * @param python           the interpreter of preset-image jobs ({@code python3}); inserted as written, so
 *                         {@code /opt/conda/bin/python -u} works
 * @param syncInterval     how often outputs are uploaded while the job runs (ModelArts: 30 s)
 * @param autoStopHour     how long one hour of {@code autoStop} lasts; one hour except in tests, which
 *                         shorten it to see a deadline pass
 * @param stopGracePeriod  after SIGTERM, how long the process tree may take to end before SIGKILL
 * @param keepJobDirectory keep the staged code, inputs and outputs after the job ended; by default only
 *                         the log folder and {@code job-result.properties} stay (like a container, whose
 *                         files go when it ends). {@code /cache} is always emptied.
 * @param progressQuiet    transfers shorter than this report no progress lines
 */
public record LocalBackendOptions(
        Path workRoot,
        String python,
        Duration syncInterval,
        Duration autoStopHour,
        Duration stopGracePeriod,
        boolean keepJobDirectory,
        Duration progressQuiet) {

    public static final String DEFAULT_PYTHON = "python3";
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

    public LocalBackendOptions {
        Objects.requireNonNull(workRoot, "workRoot");
        python = python == null || python.isBlank() ? DEFAULT_PYTHON : python;
        syncInterval = positive(syncInterval, DEFAULT_SYNC_INTERVAL, "syncInterval");
        autoStopHour = positive(autoStopHour, Duration.ofHours(1), "autoStopHour");
        stopGracePeriod = stopGracePeriod == null || stopGracePeriod.isNegative() ? DEFAULT_STOP_GRACE : stopGracePeriod;
        progressQuiet = progressQuiet == null || progressQuiet.isNegative() ? Duration.ofSeconds(2) : progressQuiet;
    }

    /** The defaults, with job directories under {@code workRoot}. */
    public static LocalBackendOptions defaults(Path workRoot) {
        return new LocalBackendOptions(workRoot, DEFAULT_PYTHON, DEFAULT_SYNC_INTERVAL, Duration.ofHours(1),
                DEFAULT_STOP_GRACE, false, Duration.ofSeconds(2));
    }

    public LocalBackendOptions withPython(String value) {
        return new LocalBackendOptions(workRoot, value, syncInterval, autoStopHour, stopGracePeriod, keepJobDirectory, progressQuiet);
    }

    public LocalBackendOptions withSyncInterval(Duration value) {
        return new LocalBackendOptions(workRoot, python, value, autoStopHour, stopGracePeriod, keepJobDirectory, progressQuiet);
    }

    public LocalBackendOptions withAutoStopHour(Duration value) {
        return new LocalBackendOptions(workRoot, python, syncInterval, value, stopGracePeriod, keepJobDirectory, progressQuiet);
    }

    public LocalBackendOptions withStopGracePeriod(Duration value) {
        return new LocalBackendOptions(workRoot, python, syncInterval, autoStopHour, value, keepJobDirectory, progressQuiet);
    }

    public LocalBackendOptions withKeepJobDirectory(boolean value) {
        return new LocalBackendOptions(workRoot, python, syncInterval, autoStopHour, stopGracePeriod, value, progressQuiet);
    }

    public LocalBackendOptions withProgressQuiet(Duration value) {
        return new LocalBackendOptions(workRoot, python, syncInterval, autoStopHour, stopGracePeriod, keepJobDirectory, value);
    }

    private static Duration positive(Duration d, Duration fallback, String name) {
        if (d == null) {
            return fallback;
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
        return d;
    }
}

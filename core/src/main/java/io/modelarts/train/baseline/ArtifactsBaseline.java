package io.modelarts.train.baseline;

import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.metrics.RunMetrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An earlier run's artifacts folder as the baseline (CLI {@code run --baseline DIR}). A folder that does not exist
 * yet, or has neither file, is "no baseline yet" (the first night of a nightly job); a file that cannot be read or
 * parsed is an error naming it.
 */
public final class ArtifactsBaseline implements BaselineSource {

    private final Path dir;

    public ArtifactsBaseline(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<Baseline> find() {
        Path metrics = dir.resolve(RunMetrics.FILE_NAME);
        Path fingerprint = dir.resolve(Fingerprint.FILE_NAME);
        if (!Files.isRegularFile(metrics) && !Files.isRegularFile(fingerprint)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Baseline.of(dir.toString(), read(metrics), read(fingerprint)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the baseline " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

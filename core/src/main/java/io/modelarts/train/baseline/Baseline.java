package io.modelarts.train.baseline;

import io.modelarts.train.fingerprint.Fingerprint;
import io.modelarts.train.metrics.RunMetrics;

/**
 * The last good run a new run is compared with: its metrics (for the gate and the report's baseline curves) and its
 * fingerprint (for {@code skipIfUnchanged}). Read into memory before the new run starts, so the baseline's folder
 * may even be the new run's artifacts folder.
 *
 * @param label       what it is, for people: {@code artifacts/nightly-41}, {@code build #41}
 * @param metrics     its {@code metrics.json}, or {@link RunMetrics#EMPTY} when it had none
 * @param fingerprint its {@code fingerprint.json}, or null when it had none (then nothing is skipped)
 */
public record Baseline(String label, RunMetrics metrics, Fingerprint fingerprint) {

    public Baseline {
        metrics = metrics == null ? RunMetrics.EMPTY : metrics;
    }

    /**
     * A baseline from the texts of its two files, as a front end read them (Jenkins: from the archived artifacts of a
     * build). Either text may be null when the file is missing.
     *
     * @throws IllegalArgumentException naming the file when a text is not in its shape
     */
    public static Baseline of(String label, String metricsJson, String fingerprintJson) {
        return new Baseline(label, metricsJson == null ? RunMetrics.EMPTY : RunMetrics.fromJson(metricsJson),
                fingerprintJson == null ? null : Fingerprint.fromJson(fingerprintJson));
    }
}

package io.modelarts.train.engine;

import io.modelarts.train.baseline.Baseline;
import io.modelarts.train.logs.LogLimit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link TrainingRun} handles what surrounds the job.
 *
 * @param artifactsDir   where the effective spec, the logs ({@code logs/worker-<i>.log}) and the collected
 *                       outputs ({@code outputs/<output name>/...}) go
 * @param archiveGlob    which collected output files to keep: comma-separated Ant-style globs over the path below
 *                       each output ({@code **}{@code /*.json, ckpt/}), see {@code ArchiveGlob}; {@code null} keeps all
 * @param secrets        values masked as {@code ****} in every log line, message and the effective spec
 * @param collectOutputs whether to download the outputs after the job ended
 * @param progressQuiet  transfers shorter than this print no progress lines
 * @param maxLogBytes    each worker's log is kept up to this many bytes, then dropped while the job goes on
 *                       (ModelArts: 1 GiB, {@link LogLimit#MODELARTS_MAX_BYTES}); 0 or less: no limit
 * @param baseline       the last good run (for the gate, the report's baseline curves and {@code skipIfUnchanged}), or
 *                       {@code null} when there is none yet
 */
public record RunSettings(Path artifactsDir, String archiveGlob, Collection<String> secrets, boolean collectOutputs,
                          Duration progressQuiet, long maxLogBytes, Baseline baseline) {

    /** Without a baseline. */
    public RunSettings(Path artifactsDir, String archiveGlob, Collection<String> secrets, boolean collectOutputs,
                       Duration progressQuiet, long maxLogBytes) {
        this(artifactsDir, archiveGlob, secrets, collectOutputs, progressQuiet, maxLogBytes, null);
    }

    /** With ModelArts' log limit of 1 GiB per worker. */
    public RunSettings(Path artifactsDir, String archiveGlob, Collection<String> secrets, boolean collectOutputs, Duration progressQuiet) {
        this(artifactsDir, archiveGlob, secrets, collectOutputs, progressQuiet, LogLimit.MODELARTS_MAX_BYTES);
    }

    public RunSettings {
        Objects.requireNonNull(artifactsDir, "artifactsDir");
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        archiveGlob = archiveGlob == null || archiveGlob.isBlank() ? null : archiveGlob;
        progressQuiet = progressQuiet == null ? Duration.ofSeconds(2) : progressQuiet;
    }

    /** Collect everything into {@code artifactsDir}, nothing to mask. */
    public static RunSettings into(Path artifactsDir) {
        return new RunSettings(artifactsDir, null, List.of(), true, null);
    }

    public RunSettings withArchiveGlob(String glob) {
        return new RunSettings(artifactsDir, glob, secrets, collectOutputs, progressQuiet, maxLogBytes, baseline);
    }

    public RunSettings withSecrets(Collection<String> values) {
        return new RunSettings(artifactsDir, archiveGlob, values, collectOutputs, progressQuiet, maxLogBytes, baseline);
    }

    public RunSettings withCollectOutputs(boolean collect) {
        return new RunSettings(artifactsDir, archiveGlob, secrets, collect, progressQuiet, maxLogBytes, baseline);
    }

    public RunSettings withProgressQuiet(Duration quiet) {
        return new RunSettings(artifactsDir, archiveGlob, secrets, collectOutputs, quiet, maxLogBytes, baseline);
    }

    public RunSettings withMaxLogBytes(long bytes) {
        return new RunSettings(artifactsDir, archiveGlob, secrets, collectOutputs, progressQuiet, bytes, baseline);
    }

    /** With {@code baseline} as the last good run ({@code null}: none yet). */
    public RunSettings withBaseline(Baseline last) {
        return new RunSettings(artifactsDir, archiveGlob, secrets, collectOutputs, progressQuiet, maxLogBytes, last);
    }
}

package io.modelarts.train.baseline;

import java.util.Optional;

/**
 * Where a front end finds the baseline: the CLI's {@code --baseline DIR} ({@link ArtifactsBaseline}); in Jenkins the
 * last successful build of the same job (its archived {@code metrics.json} and {@code fingerprint.json}).
 */
@FunctionalInterface
public interface BaselineSource {

    /** No baseline yet: the gate's conditions on it pass with a note, and nothing is skipped. */
    BaselineSource NONE = Optional::empty;

    /**
     * The baseline, or empty when there is none yet.
     *
     * @throws IllegalArgumentException with a message for people when a baseline exists but cannot be read
     */
    Optional<Baseline> find();
}

package io.modelarts.train.engine;

/**
 * The thread waiting for a run was interrupted (a Jenkins abort, Ctrl-C on the command line): the job was stopped,
 * and this carries its outcome when it ended within the grace period given to
 * {@link TrainingRun#awaitStoppingOnInterrupt}.
 */
public final class RunInterruptedException extends InterruptedException {

    private static final long serialVersionUID = 1L;

    private final transient RunOutcome outcome;

    RunInterruptedException(String message, RunOutcome outcome, InterruptedException cause) {
        super(message);
        this.outcome = outcome;
        initCause(cause);
    }

    /** The stopped job's outcome, or null when it had not ended within the grace period. */
    public RunOutcome outcome() {
        return outcome;
    }
}

package io.modelarts.train.cli;

/** The exit codes of the command-line contract (docs/cli.md). */
public final class ExitCodes {

    /** Valid; the job Completed; the command did what was asked. */
    public static final int OK = 0;
    /** Anything else: a missing or unreadable file, a bad option, a backend that is not available, not found. */
    public static final int ERROR = 1;
    /** The job definition is invalid (one line per problem was printed). */
    public static final int INVALID = 2;
    /** The job ended Failed, Abnormal or Terminated. */
    public static final int JOB_FAILED = 3;
    /** The job completed but the regression gate failed ("Regressed"); its outputs were still collected. */
    public static final int REGRESSED = 4;

    private ExitCodes() {
    }
}

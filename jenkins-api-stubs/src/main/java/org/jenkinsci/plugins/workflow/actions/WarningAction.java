package org.jenkinsci.plugins.workflow.actions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;

/**
 * Stand-in of workflow-api's {@code WarningAction}: put on a step's flow node, it makes visualisations (the stage
 * view, Blue Ocean, pipeline-graph-view) show that step, and its stage, with {@link #getResult()} although the
 * step went on normally.
 */
public class WarningAction implements PersistentAction {
    private @NonNull Result result;
    private @CheckForNull String message;

    public WarningAction(@NonNull Result result) {
        this.result = result;
    }

    /** Sets the message shown with the warning; returns this action. */
    public WarningAction withMessage(String message) {
        this.message = message;
        return this;
    }

    public @CheckForNull String getMessage() {
        return message;
    }

    public @NonNull Result getResult() {
        return result;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Warning" + (message == null ? "" : ": " + message);
    }

    @Override
    public String getUrlName() {
        return null;
    }
}

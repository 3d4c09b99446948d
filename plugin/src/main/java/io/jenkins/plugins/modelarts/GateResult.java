package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Result;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Locale;

/**
 * The step parameter {@code gateResult}: what a failed regression gate does to the build. {@code UNSTABLE} (the
 * default) marks the build unstable and the step returns its result as usual; {@code FAILURE} fails the step, after
 * the outputs and logs were archived.
 */
final class GateResult {

    static final String UNSTABLE = "UNSTABLE";
    static final String FAILURE = "FAILURE";

    private GateResult() {
    }

    /** {@code value} as a build result; {@code null} or blank is UNSTABLE. */
    static Result parse(@CheckForNull String value) throws AbortException {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null || v.toUpperCase(Locale.ROOT).equals(UNSTABLE)) {
            return Result.UNSTABLE;
        }
        if (v.toUpperCase(Locale.ROOT).equals(FAILURE)) {
            return Result.FAILURE;
        }
        throw new AbortException(Messages.GateResult_Invalid(v));
    }

    static FormValidation check(@CheckForNull String value) {
        try {
            parse(value);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static ListBoxModel items() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.GateResult_Unstable(), UNSTABLE);
        items.add(Messages.GateResult_Failure(), FAILURE);
        return items;
    }
}

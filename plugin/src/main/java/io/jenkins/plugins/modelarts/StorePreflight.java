package io.jenkins.plugins.modelarts;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.modelarts.train.engine.StoreChecks;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import java.util.List;
import java.util.function.Function;

/**
 * The checks of the ModelArts page that need the object store, before a build submits anything, as the command
 * line's {@code run} makes them ({@link StoreChecks}): an {@code obs://} code directory within the code-directory
 * limits and holding the boot file, input sizes against the flavor's disk, and output and log paths that are not
 * empty. Errors stop the build with the field-named message; warnings go to the console. Without an object store
 * configured there is nothing to list and nothing is checked.
 */
final class StorePreflight {

    private StorePreflight() {
    }

    /** Lists with the build's object store; throws {@link AbortException} when a check fails. */
    static void check(JobSetup.Prepared p, TaskListener listener, Function<List<Problem>, String> invalid) throws AbortException {
        if (p.s3 == null || p.plan == null) {
            return;
        }
        Problems problems;
        try (ObjectStore store = p.s3.open()) {
            problems = StoreChecks.check(p.plan, store, CodeDirLimits.DEFAULT);
        }
        report(problems, p.secrets, listener, invalid);
    }

    static void report(Problems problems, List<String> secrets, TaskListener listener, Function<List<Problem>, String> invalid)
            throws AbortException {
        for (Problem w : problems.all()) {
            if (!w.isError()) {
                JenkinsConsole.println(listener, secrets, JenkinsConsole.PREFIX + "warning: " + w.field() + ": " + w.message());
            }
        }
        if (problems.hasErrors()) {
            throw new AbortException(invalid.apply(problems.errors()));
        }
    }
}

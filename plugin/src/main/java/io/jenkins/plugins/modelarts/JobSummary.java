package io.jenkins.plugins.modelarts;

import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a training job ended, in a small serializable form (a {@code local} job returns it from the agent):
 * the final status, attempts, the failed worker with its exit code and reason, the duration, what the engine's
 * one-line description says, the outputs collected and any collection problem.
 */
record JobSummary(String status, int attempts, String worker, Integer exitCode, String reason, long durationSeconds,
                  boolean succeeded, String description, List<String> outputs, List<String> problems) implements Serializable {

    private static final long serialVersionUID = 1L;

    JobSummary {
        outputs = new ArrayList<>(outputs);
        problems = new ArrayList<>(problems);
    }

    static JobSummary of(RunOutcome o) {
        JobResult r = o.result();
        List<String> outputs = new ArrayList<>();
        for (RunOutcome.CollectedOutput c : o.outputs()) {
            outputs.add(c.name());
        }
        return new JobSummary(r.status().displayName(), r.attempts(), r.worker(), r.exitCode(), r.reason(),
                r.duration() == null ? 0 : r.duration().toSeconds(), o.succeeded(), r.describe(), outputs, o.problems());
    }

    /** This summary with the outputs collected outside the engine (on the workspace's machine) and their problems. */
    JobSummary withCollection(List<String> collected, List<String> collectionProblems) {
        List<String> allProblems = new ArrayList<>(problems);
        allProblems.addAll(collectionProblems);
        return new JobSummary(status, attempts, worker, exitCode, reason, durationSeconds,
                succeeded && collectionProblems.isEmpty(), description, collected, allProblems);
    }

    boolean completed() {
        return JobStatus.COMPLETED.displayName().equals(status);
    }

    /** The build failure message: the job, its status, failed worker, exit code, reason, and collection problems. */
    String failureMessage(String jobName) {
        StringBuilder s = new StringBuilder(Messages.JobSummary_Failed(jobName, description));
        for (String p : problems) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }
}

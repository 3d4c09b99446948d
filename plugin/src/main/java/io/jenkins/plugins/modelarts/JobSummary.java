package io.jenkins.plugins.modelarts;

import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.events.JobResult;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.gate.GateVerdict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a training job ended, in a small serializable form (a {@code local} job returns it from the agent):
 * the final status, attempts, the failed worker with its exit code and reason, the duration, what the engine's
 * one-line description says, the outputs collected and any collection problem; and the retraining side: each
 * metric's run value, the gate's verdict (plain maps and lists, see {@link GateVerdict#toMap()}) with its failed
 * conditions as console lines, and why the run was skipped (null when a job ran).
 *
 * @param statusName Skipped, Regressed, or the job's status (see {@link RunOutcome#statusName()})
 */
record JobSummary(String status, int attempts, String worker, Integer exitCode, String reason, long durationSeconds,
                  boolean succeeded, String description, List<String> outputs, List<String> problems,
                  Map<String, Double> metrics, Map<String, Object> gate, List<String> gateFailures, String skipped,
                  String statusName, boolean regressed) implements Serializable {

    private static final long serialVersionUID = 2L;

    JobSummary {
        outputs = new ArrayList<>(outputs);
        problems = new ArrayList<>(problems);
        metrics = metrics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metrics);
        gate = gate == null ? GateVerdict.NONE.toMap() : new LinkedHashMap<>(gate);
        gateFailures = gateFailures == null ? new ArrayList<>() : new ArrayList<>(gateFailures);
        statusName = statusName == null ? status : statusName;
    }

    static JobSummary of(RunOutcome o) {
        JobResult r = o.result();
        List<String> outputs = new ArrayList<>();
        for (RunOutcome.CollectedOutput c : o.outputs()) {
            outputs.add(c.name());
        }
        List<String> failures = new ArrayList<>();
        for (GateVerdict.Result f : o.gate().failures()) {
            failures.add(f.describe());
        }
        String description = o.wasSkipped() ? o.skipped() : o.regressed() ? r.describe() + ", but the gate failed" : r.describe();
        return new JobSummary(r.status().displayName(), r.attempts(), r.worker(), r.exitCode(), r.reason(),
                r.duration() == null ? 0 : r.duration().toSeconds(), o.succeeded(), description, outputs, o.problems(),
                o.metrics().values(), o.gate().toMap(), failures, o.skipped(), o.statusName(), o.regressed());
    }

    /** This summary with the outputs collected outside the engine (on the workspace's machine) and their problems. */
    JobSummary withCollection(List<String> collected, List<String> collectionProblems) {
        List<String> allProblems = new ArrayList<>(problems);
        allProblems.addAll(collectionProblems);
        return new JobSummary(status, attempts, worker, exitCode, reason, durationSeconds,
                succeeded && collectionProblems.isEmpty(), description, collected, allProblems, metrics, gate, gateFailures,
                skipped, statusName, regressed);
    }

    boolean completed() {
        return JobStatus.COMPLETED.displayName().equals(status);
    }

    boolean wasSkipped() {
        return skipped != null;
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

package io.modelarts.train.validation;

import io.modelarts.train.rules.ObjectPaths;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.AutoStop;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.ResourceType;

/**
 * How the job runs (feature inventory #25, #33, #34): auto restart 0-3, persistent log saving to an object path of
 * its own on CPU and GPU flavors, auto stop after 1-72 hours.
 */
final class RunPolicyChecks extends SectionChecks {

    static final int MAX_AUTO_RESTART = 3;
    static final int MAX_AUTO_STOP_HOURS = 72;

    RunPolicyChecks(ValidationRun run) {
        super(run);
    }

    void autoRestart() {
        int n = spec.autoRestart();
        if (n < 0 || n > MAX_AUTO_RESTART) {
            error("autoRestart", "must be 0 (off) or 1-" + MAX_AUTO_RESTART + " restarts (got " + n + ")");
        }
    }

    void persistentLogPath() {
        String path = spec.persistentLogPath();
        if (path == null) {
            return;
        }
        String field = "persistentLogPath";
        if (!ObjectPaths.hasObjectScheme(path.strip())) {
            error(field, "must be an obs:// or s3:// path: logs are uploaded to the object store (got " + ProblemText.quote(path) + ")");
        } else {
            String problem = ObjectPaths.problemWith(path);
            if (problem != null) {
                error(field, problem);
            } else {
                ObjectPaths.Location logs = ObjectPaths.parse(path);
                for (int i = 0; i < spec.outputs().size(); i++) {
                    DataChannel out = spec.outputs().get(i);
                    ObjectPaths.Location o = out == null || out.dataPath() == null ? null : ObjectPaths.parse(out.dataPath());
                    if (o != null && logs.overlaps(o)) {
                        warning(field, "overlaps outputs[" + i + "].dataPath (" + out.dataPath()
                                + "): logs and training output would mix; choose an empty folder of its own");
                        break;
                    }
                }
            }
        }
        if (flavor != null && flavor.type() != null && flavor.type() != ResourceType.CPU && flavor.type() != ResourceType.GPU) {
            error(field, "persistent log saving is available for CPU and GPU flavors only; flavor '" + flavor.id() + "' is " + flavor.type());
        }
    }

    void autoStop() {
        AutoStop stop = spec.autoStop();
        if (stop == null) {
            return;
        }
        Integer hours = stop.text() == null ? null : stop.hours();
        if (hours == null || hours < 1 || hours > MAX_AUTO_STOP_HOURS) {
            String got = stop.text() == null ? "nothing" : hours == null ? ProblemText.quote(stop.text()) : hours + "h";
            error("autoStop", "must be a whole number of hours: 1h, 2h, 4h, 6h, or a custom 1h-" + MAX_AUTO_STOP_HOURS + "h (got " + got + ")");
        }
    }
}

package io.jenkins.plugins.modelarts;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.kubernetes.KubernetesJobHandle;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;

/**
 * The second half of a build's work, shared by the step and the builder: put what the engine collected (the
 * effective job spec, every worker's full log, the outputs) into the workspace and the build's artifacts, and
 * describe the result.
 */
final class Archiving {

    private Archiving() {
    }

    /**
     * Archives every file under {@code base} as {@code <folder>/<path below base>} through the run's artifact
     * manager; returns how many. {@code base} may be a controller folder or a workspace folder.
     */
    static int archive(Run<?, ?> run, FilePath base, String folder, Launcher launcher, TaskListener listener)
            throws IOException, InterruptedException {
        if (!base.exists()) {
            return 0;
        }
        FilePath[] files = base.list("**/*", null, false);
        if (files.length == 0) {
            return 0;
        }
        String root = base.getRemote().replace('\\', '/');
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (FilePath f : files) {
            String path = f.getRemote().replace('\\', '/');
            String rel = path.startsWith(root + "/") ? path.substring(root.length() + 1) : f.getName();
            artifacts.put(folder + "/" + rel, rel);
        }
        run.pickArtifactManager().archive(base, launcher, BuildListenerAdapter.wrap(listener), artifacts);
        return artifacts.size();
    }

    /** Replaces {@code target} (a workspace folder) with a copy of {@code source}. */
    static void copyInto(FilePath source, FilePath target) throws IOException, InterruptedException {
        if (target.exists()) {
            target.deleteRecursive();
        }
        target.mkdirs();
        source.copyRecursiveTo("**/*", target);
    }

    /** The step's return value. */
    static Map<String, Object> resultMap(String jobName, JobHandle handle, JobSummary s, String folder, int archivedFiles) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", s.status());
        r.put("name", jobName);
        KubernetesJobHandle k = handle instanceof KubernetesJobHandle kh ? kh : null;
        r.put("kubernetesName", k == null ? null : k.kubernetesName());
        r.put("namespace", k == null ? null : k.namespace());
        r.put("attempts", s.attempts());
        r.put("duration", s.durationSeconds());
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String name : s.outputs()) {
            outputs.put(name, folder + "/outputs/" + name);
        }
        r.put("outputs", outputs);
        r.put("archivedFiles", archivedFiles);
        r.put("exitCode", s.exitCode());
        r.put("reason", s.reason());
        return r;
    }
}

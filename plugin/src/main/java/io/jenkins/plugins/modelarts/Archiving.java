package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.kubernetes.KubernetesJobHandle;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectStoreBroker;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3PresigningBroker;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** What {@link #collectAndArchive} did. */
    record Archived(int files, List<String> outputs, List<String> problems) {
    }

    /**
     * The end of a Kubernetes job: its effective spec and logs (kept in the build's folder while they streamed in)
     * are copied into {@code modelarts/<job>/} of the workspace, its outputs are downloaded there on the workspace's
     * machine through presigned GETs, and the folder is archived from the workspace through the run's artifact
     * manager (so an artifact manager that uploads from agents, as artifact-manager-s3 does, works as it should).
     * Without a workspace the outputs stay in the object store and the spec and logs are archived from the build's
     * folder. {@code logs} is deleted afterwards.
     *
     * @param lister the controller's store (lists for the agent); null when no object store is configured
     */
    static Archived collectAndArchive(Run<?, ?> run, @CheckForNull FilePath ws, @CheckForNull Launcher launcher,
                                      TaskListener listener, String jobName, FilePath logs, @CheckForNull JobPlan plan,
                                      @CheckForNull String archiveGlob, @CheckForNull S3Access s3,
                                      @CheckForNull ObjectStore lister, List<String> secrets)
            throws IOException, InterruptedException {
        String folder = JobSetup.WORKSPACE_DIR + "/" + jobName;
        Map<String, ObjectUri> outputs = new LinkedHashMap<>();
        if (plan != null) {
            for (ChannelPlan out : plan.outputs()) {
                if (ObjectUri.isObjectUri(out.source().trim())) {
                    outputs.put(out.name(), ObjectUri.parse(out.source().trim()));
                }
            }
        }
        if (ws == null) {
            if (!outputs.isEmpty()) {
                JenkinsConsole.println(listener, secrets, Messages.Archiving_NoWorkspace());
            }
            int archived = archive(run, logs, folder, launcher != null ? launcher : new Launcher.LocalLauncher(listener), listener);
            logs.deleteRecursive();
            return new Archived(archived, List.of(), List.of());
        }
        FilePath target = ws.child(folder);
        copyInto(logs, target);
        OutputDownload.Result collected = new OutputDownload.Result(List.of(), 0, 0, List.of());
        if (!outputs.isEmpty() && s3 != null && lister != null) {
            try (S3PresigningBroker broker = s3.broker(lister, List.copyOf(outputs.values()), List.of())) {
                collected = target.child("outputs").act(new OutputDownload(outputs, archiveGlob,
                        AgentExports.export(ws, ObjectStoreBroker.class, broker), AgentExports.console(ws, listener, secrets)));
            }
        }
        int archived = archive(run, target, folder, launcher != null ? launcher : new Launcher.LocalLauncher(listener), listener);
        logs.deleteRecursive();
        return new Archived(archived, collected.outputs(), collected.problems());
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
        // the retraining side: each metric's run value, the gate's verdict, why nothing ran (null when a job ran)
        r.put("metrics", new LinkedHashMap<>(s.metrics()));
        r.put("gate", new LinkedHashMap<>(s.gate()));
        r.put("skipped", s.skipped());
        return r;
    }
}

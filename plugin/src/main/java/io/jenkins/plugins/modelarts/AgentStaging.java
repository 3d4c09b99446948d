package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.modelarts.train.engine.LocalStaging;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.StorageException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Uploads a Kubernetes job's local code folder and local inputs from the agent that holds the workspace, straight to
 * the object store (the files never pass through the controller), and gives the plan with their object-store paths.
 * On the built-in node the engine stages them itself.
 */
final class AgentStaging extends MasterToSlaveFileCallable<Void> {
    private static final long serialVersionUID = 1L;

    private final List<LocalStaging.Upload> uploads;
    private final S3Access s3;
    private final List<String> secrets;
    private final TaskListener listener;

    private AgentStaging(List<LocalStaging.Upload> uploads, S3Access s3, List<String> secrets, TaskListener listener) {
        this.uploads = new ArrayList<>(uploads);
        this.s3 = s3;
        this.secrets = new ArrayList<>(secrets);
        this.listener = listener;
    }

    /**
     * {@code plan} itself when its local paths can be read here (no workspace, or the built-in node's) or it has none;
     * otherwise its local paths are uploaded from the agent and the plan with their staged object paths is returned.
     */
    static JobPlan stageOnAgent(JobPlan plan, @CheckForNull FilePath ws, @CheckForNull S3Access s3, List<String> secrets,
                                TaskListener listener) throws IOException, InterruptedException {
        if (ws == null || !ws.isRemote() || !LocalStaging.needed(plan)) {
            return plan;
        }
        if (s3 == null) {
            throw new AbortException(Messages.AgentStaging_NoObjectStore());
        }
        List<LocalStaging.Upload> uploads;
        try {
            uploads = LocalStaging.uploads(plan);
        } catch (RuntimeException e) {
            throw new AbortException(e.getMessage()); // no object-store path to take a bucket from
        }
        ws.act(new AgentStaging(uploads, s3, secrets, listener));
        return LocalStaging.rewrite(plan);
    }

    @Override
    public Void invoke(File workspace, VirtualChannel channel) throws IOException {
        try (ObjectStore store = s3.open()) {
            LocalStaging.upload(uploads, store, JenkinsConsole.sink(listener, secrets, null));
        } catch (StorageException | IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return null;
    }
}

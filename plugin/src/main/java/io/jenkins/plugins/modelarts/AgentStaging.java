package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.modelarts.train.engine.LocalStaging;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectStoreBroker;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.PresignedObjectStore;
import io.modelarts.train.storage.S3PresigningBroker;
import io.modelarts.train.storage.StorageException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Uploads a Kubernetes job's local code folder and local inputs from the machine that holds the workspace (an agent
 * or the built-in node), straight to the object store, through presigned PUTs made on the controller for exactly
 * those keys; the files never pass through the controller, and the agent gets no key. Each PUT carries the file's
 * MD5 ({@code Content-MD5}, signed), so the store takes no other bytes.
 *
 * <p>What crosses to the agent: the list of uploads (local paths and target folders), a reference to the
 * controller's broker and one to the (masked) build console.
 */
final class AgentStaging extends MasterToSlaveFileCallable<Void> {
    private static final long serialVersionUID = 1L;

    private final List<LocalStaging.Upload> uploads;
    private final ObjectStoreBroker broker;
    private final JobEventSink console;

    private AgentStaging(List<LocalStaging.Upload> uploads, ObjectStoreBroker broker, JobEventSink console) {
        this.uploads = new ArrayList<>(uploads);
        this.broker = broker;
        this.console = console;
    }

    /**
     * {@code plan} itself when it has no local code or input; otherwise its local paths are uploaded from the
     * workspace and the plan with their staged object paths is returned.
     *
     * @param lister the controller's store, which lists for the agent
     */
    static JobPlan stage(JobPlan plan, @CheckForNull FilePath ws, @CheckForNull S3Access s3, @CheckForNull ObjectStore lister,
                         List<String> secrets, TaskListener listener) throws IOException, InterruptedException {
        if (!LocalStaging.needed(plan)) {
            return plan;
        }
        if (ws == null) {
            throw new AbortException(Messages.AgentStaging_NoWorkspace());
        }
        if (s3 == null || lister == null) {
            throw new AbortException(Messages.AgentStaging_NoObjectStore());
        }
        List<LocalStaging.Upload> uploads;
        try {
            uploads = LocalStaging.uploads(plan);
        } catch (RuntimeException e) {
            throw new AbortException(e.getMessage()); // no object-store path to take a bucket from
        }
        List<ObjectUri> targets = new ArrayList<>();
        for (LocalStaging.Upload u : uploads) {
            targets.add(ObjectUri.parse(u.target()));
        }
        try (S3PresigningBroker broker = s3.broker(lister, List.of(), targets)) {
            ws.act(new AgentStaging(uploads, AgentExports.export(ws, ObjectStoreBroker.class, broker),
                    AgentExports.console(ws, listener, secrets)));
        }
        return LocalStaging.rewrite(plan);
    }

    @Override
    public Void invoke(File workspace, VirtualChannel channel) throws IOException {
        try (ObjectStore store = new PresignedObjectStore(broker)) {
            LocalStaging.upload(uploads, store, console);
        } catch (StorageException | IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return null;
    }
}

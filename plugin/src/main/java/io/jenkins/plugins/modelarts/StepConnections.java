package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.engine.EngineException;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a running step holds open on the controller while it follows a Kubernetes job: its lease of the cluster's
 * shared backend and its object-store connection (which presigns the agent's transfers). Rebuilt after a restart;
 * released exactly when the step lets go of the job.
 */
final class StepConnections {

    private static final Logger LOGGER = Logger.getLogger(StepConnections.class.getName());

    private ClientCache.Lease lease;
    private ObjectStore store;
    private S3Access s3;

    /** Leases the cluster's backend and opens the object store of {@code p}. */
    synchronized ClientCache.Lease open(JobSetup.Prepared p) {
        release();
        lease = ClientCache.get().lease(p.cluster, p.auth, p.catalog);
        s3 = p.s3;
        store = p.s3 == null ? null : p.s3.open();
        return lease;
    }

    /**
     * Opens the connections and submits {@code p}'s job: local code and inputs go to the object store from the
     * machine of the workspace first. A refusal of the backend closes the connections and is an {@link AbortException}.
     */
    TrainingRun submit(JobSetup.Prepared p, @CheckForNull FilePath ws, TaskListener listener, RunSettings settings, JobEventSink sink)
            throws IOException, InterruptedException {
        ClientCache.Lease l = open(p);
        ObjectStore s = store();
        if (s == null && !p.plan.outputs().isEmpty()) {
            JenkinsConsole.println(listener, p.secrets, Messages.ModelArtsTrainExecution_NoObjectStore());
        }
        JobPlan plan = AgentStaging.stage(p.plan, ws, p.s3, s, p.secrets, listener);
        try {
            return TrainingRun.start(plan, l.backend(), s, settings, sink);
        } catch (EngineException e) {
            release();
            throw new AbortException(e.getMessage());
        }
    }

    /** Opens the connections again (after a restart) and re-attaches to the job of {@code h}. */
    TrainingRun attach(JobHandle h, JobSetup.Prepared p, RunSettings settings, JobEventSink sink) {
        ClientCache.Lease l = open(p);
        return TrainingRun.attach(h, p.plan, l.backend(), store(), settings, sink);
    }

    @CheckForNull
    synchronized ObjectStore store() {
        return store;
    }

    @CheckForNull
    synchronized S3Access s3() {
        return s3;
    }

    /** Closes what is open; harmless when repeated. */
    synchronized void release() {
        ClientCache.Lease l = lease;
        lease = null;
        if (l != null) {
            l.close();
        }
        ObjectStore s = store;
        store = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "closing the object store failed", e);
            }
        }
    }
}

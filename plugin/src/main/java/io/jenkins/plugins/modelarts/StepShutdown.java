package io.jenkins.plugins.modelarts;

import hudson.Extension;
import hudson.init.Terminator;
import hudson.model.listeners.ItemListener;
import io.modelarts.train.engine.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Detaches every running {@code modelartsTrain} step when Jenkins begins to shut down. Jenkins calls
 * {@link #onBeforeShutdown()} first in {@code Jenkins.cleanUp()}; the Pipeline programs (with the step executions)
 * are saved later, inside a terminator, and {@code Jenkins.isTerminating()} turns true only after that, so a step
 * cannot tell a shutdown from anything it sees while being serialised. Detached, a step leaves its Kubernetes Job
 * running, archives nothing, completes nothing, and its handle and log cursor stand exactly where the console stands;
 * the restarted Jenkins resumes it ({@code onResume()}). Only once every build was suspended does
 * {@link #closeClientsAndThreads()} close the shared clients and end the plugin's threads.
 */
@Extension
public final class StepShutdown extends ItemListener {

    private static final Logger LOGGER = Logger.getLogger(StepShutdown.class.getName());
    /** Longest wait for the steps to be found (each build's executions are visited on its own thread). */
    static final long FIND_SECONDS = 30;

    @Override
    public void onBeforeShutdown() {
        Map<ModelArtsTrainExecution, TrainingRun> detaching = new ConcurrentHashMap<>();
        List<ModelArtsTrainExecution> all = new ArrayList<>();
        try {
            StepExecution.acceptAll(ModelArtsTrainExecution.class, e -> {
                synchronized (all) {
                    all.add(e);
                }
                TrainingRun r = e.beginDetachForShutdown();
                if (r != null) {
                    detaching.put(e, r);
                }
            }).get(FIND_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "could not reach every running ModelArts training step before the shutdown", e);
        }
        // all watchers were told to let go at once; now wait for each (a few seconds at most) and write where it stands
        detaching.forEach((execution, run) -> execution.awaitDetached(run));
        LOGGER.log(Level.FINE, "detached {0} ModelArts training steps for the shutdown", all.size());
    }

    /**
     * After the Pipeline engine suspended every running build (the milestone {@code EXECUTIONS_SUSPENDED}, which a
     * terminator without that requirement may run before): the shared Kubernetes clients close and the plugin's pools
     * end. The jobs keep running in the cluster; resumed steps re-attach with new clients after the restart.
     */
    @Terminator(requires = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void closeClientsAndThreads() {
        ClientCache.get().closeAll();
        Background.shutDown();
    }
}

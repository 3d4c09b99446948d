package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.engine.EngineException;
import io.modelarts.train.engine.RunOutcome;
import io.modelarts.train.engine.RunSettings;
import io.modelarts.train.engine.TrainingRun;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectStore;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step "ModelArts training (freestyle)": the same fields as the {@code modelartsTrain} Pipeline
 * step and the same code ({@link JobSetup}, {@link Archiving}), but it blocks its executor until the job ends.
 * When the build is aborted it stops the job (the Kubernetes Job is deleted with its pods) and rethrows. A
 * freestyle build does not survive a controller restart; use the Pipeline step for long jobs.
 */
public class ModelArtsTrainBuilder extends Builder implements SimpleBuildStep {

    private static final Logger LOGGER = Logger.getLogger(ModelArtsTrainBuilder.class.getName());

    /** How long an aborted build waits for the job to be deleted before it gives up waiting. */
    static long STOP_WAIT_SECONDS = 60;

    private final JobParameters params = new JobParameters();

    @DataBoundConstructor
    public ModelArtsTrainBuilder() {
    }

    JobParameters parameters() {
        return params;
    }

    /** How many ModelArts build steps each running build has started; freestyle builds do not outlive the controller. */
    private static final Map<Run<?, ?>, AtomicInteger> STEPS_OF_BUILD = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env, @NonNull Launcher launcher,
                        @NonNull TaskListener listener) throws InterruptedException, IOException {
        StepRequest request = params.toRequest();
        GateResult.parse(request.gateResult()); // a wrong value is refused before anything runs
        // each ModelArts build step of a build gets its own submission (and Kubernetes Job), even for the same job name
        int step = STEPS_OF_BUILD.computeIfAbsent(run, r -> new AtomicInteger()).incrementAndGet();
        String key = SubmissionKeys.forFreestyle(run, step);
        JobSetup.Prepared p = JobSetup.prepare(request, run, workspace, listener, Jenkins.getAuthentication2(), key);
        String folder = p.artifactsFolder();
        BuildBaseline baseline = RetrainOutcome.lookUp(run, p.plan, null, listener, p.secrets);
        JobSummary summary;
        JobHandle handle = null;
        int archived;
        if (p.isLocal()) {
            JenkinsConsole.println(listener, p.secrets, Messages.ModelArtsTrainExecution_SubmittingLocal(p.jobName()));
            try {
                try (ObjectStore lister = p.s3 == null ? null : p.s3.open()) {
                    summary = LocalRun.run(p, key, request.archive(), workspace, launcher, env, listener, lister, baseline);
                }
            } catch (InterruptedException | IOException e) {
                try {
                    Archiving.archive(run, workspace.child(folder), folder, launcher, listener);
                } catch (IOException | RuntimeException | InterruptedException archiving) {
                    // best effort while failing: the first failure is what the build reports
                    LOGGER.log(Level.WARNING, "archiving the outputs of " + p.jobName() + " after a failure failed", archiving);
                    e.addSuppressed(archiving);
                }
                throw e;
            }
            archived = StepArtifacts.local(run, workspace, launcher, listener, p.jobName());
        } else {
            File staging = new File(new File(run.getRootDir(), "modelarts-train"), "freestyle-" + step + "-" + p.jobName());
            FilePath stagingPath = new FilePath(staging);
            // outputs are collected on the machine of the workspace afterwards (Archiving), not here
            RunSettings settings = new RunSettings(staging.toPath(), request.archive(), p.secrets, false, null)
                    .withBaseline(baseline == null ? null : baseline.toBaseline());
            JenkinsConsole.println(listener, p.secrets, Messages.ModelArtsTrainExecution_Submitting(p.jobName(), p.cluster.getName()));
            try (ClientCache.Lease lease = ClientCache.get().lease(p.cluster, p.auth, p.catalog);
                 ObjectStore store = p.s3 == null ? null : p.s3.open()) {
                // local code and inputs in an agent's workspace go to the object store from that agent
                JobPlan plan = AgentStaging.stage(p.plan, workspace, p.s3, store, p.secrets, listener);
                TrainingRun r;
                try {
                    r = TrainingRun.start(plan, lease.backend(), store, settings, JenkinsConsole.sink(listener, p.secrets, null));
                } catch (EngineException e) {
                    throw new AbortException(e.getMessage());
                }
                RunOutcome outcome;
                try {
                    // an abort interrupts this thread: the job is stopped (deleted with its pods), then the interrupt goes on
                    outcome = r.awaitStoppingOnInterrupt(Messages.ModelArtsTrainExecution_Aborted(), Duration.ofSeconds(STOP_WAIT_SECONDS),
                            () -> JenkinsConsole.println(listener, p.secrets, Messages.ModelArtsTrainExecution_Stopping(p.jobName())));
                } catch (InterruptedException e) {
                    try {
                        Archiving.collectAndArchive(run, workspace, launcher, listener, p.jobName(), stagingPath, r.plan(),
                                request.archive(), p.s3, store, p.secrets);
                    } catch (IOException | RuntimeException | InterruptedException archiving) {
                        // best effort while aborting: the abort is what the build reports
                        LOGGER.log(Level.WARNING, "collecting the outputs of aborted job " + p.jobName() + " failed", archiving);
                        e.addSuppressed(archiving);
                    }
                    throw e;
                }
                handle = r.handle();
                StepArtifacts.Done done = StepArtifacts.kubernetes(run, workspace, launcher, listener, p.jobName(), staging.getPath(),
                        outcome, r.plan(), request.archive(), p.s3, store, p.secrets);
                archived = done.archived();
                summary = done.summary();
            }
        }
        JenkinsConsole.println(listener, p.secrets, Messages.ModelArtsTrainExecution_Finished(p.jobName(), summary.description(), archived));
        Map<String, Object> result = Archiving.resultMap(p.jobName(), handle, summary, folder, archived);
        JenkinsConsole.println(listener, p.secrets, "result: " + result);
        AbortException failure = RetrainOutcome.failure(summary, request.gateResult(), run, null, p.jobName(), listener, p.secrets);
        if (failure != null) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- parameters (same names as the job file)

    public String getName() {
        return params.getName();
    }

    @DataBoundSetter
    public void setName(String name) {
        params.setName(name);
    }

    public String getDescription() {
        return params.getDescription();
    }

    @DataBoundSetter
    public void setDescription(String description) {
        params.setDescription(description);
    }

    public TrainAlgorithm getAlgorithm() {
        return params.getAlgorithm();
    }

    @DataBoundSetter
    public void setAlgorithm(TrainAlgorithm algorithm) {
        params.setAlgorithm(algorithm);
    }

    public List<DataInput> getInputs() {
        return params.getInputs();
    }

    @DataBoundSetter
    public void setInputs(List<DataInput> inputs) {
        params.setInputs(inputs);
    }

    public List<DataOutput> getOutputs() {
        return params.getOutputs();
    }

    @DataBoundSetter
    public void setOutputs(List<DataOutput> outputs) {
        params.setOutputs(outputs);
    }

    public List<Hyperparameter> getHyperparameters() {
        return params.getHyperparameters();
    }

    @DataBoundSetter
    public void setHyperparameters(List<Hyperparameter> hyperparameters) {
        params.setHyperparameters(hyperparameters);
    }

    public List<EnvironmentVariable> getEnvironment() {
        return params.getEnvironment();
    }

    @DataBoundSetter
    public void setEnvironment(List<EnvironmentVariable> environment) {
        params.setEnvironment(environment);
    }

    public Integer getAutoRestart() {
        return params.getAutoRestart();
    }

    @DataBoundSetter
    public void setAutoRestart(Integer autoRestart) {
        params.setAutoRestart(autoRestart);
    }

    public TrainResources getResources() {
        return params.getResources();
    }

    @DataBoundSetter
    public void setResources(TrainResources resources) {
        params.setResources(resources);
    }

    public Integer getPriority() {
        return params.getPriority();
    }

    @DataBoundSetter
    public void setPriority(Integer priority) {
        params.setPriority(priority);
    }

    public List<SfsTurbo> getSfsTurbo() {
        return params.getSfsTurbo();
    }

    @DataBoundSetter
    public void setSfsTurbo(List<SfsTurbo> sfsTurbo) {
        params.setSfsTurbo(sfsTurbo);
    }

    public List<ParallelFileSystem> getParallelFileSystems() {
        return params.getParallelFileSystems();
    }

    @DataBoundSetter
    public void setParallelFileSystems(List<ParallelFileSystem> parallelFileSystems) {
        params.setParallelFileSystems(parallelFileSystems);
    }

    public String getPersistentLogPath() {
        return params.getPersistentLogPath();
    }

    @DataBoundSetter
    public void setPersistentLogPath(String persistentLogPath) {
        params.setPersistentLogPath(persistentLogPath);
    }

    public String getAutoStop() {
        return params.getAutoStop();
    }

    @DataBoundSetter
    public void setAutoStop(String autoStop) {
        params.setAutoStop(autoStop);
    }

    // ---------------------------------------------------------------- the plugin's own parameters

    public String getFile() {
        return params.getFile();
    }

    @DataBoundSetter
    public void setFile(String file) {
        params.setFile(file);
    }

    public String getArchive() {
        return params.getArchive();
    }

    @DataBoundSetter
    public void setArchive(String archive) {
        params.setArchive(archive);
    }

    public String getCluster() {
        return params.getCluster();
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        params.setCluster(cluster);
    }

    public String getBackend() {
        return params.getBackend();
    }

    @DataBoundSetter
    public void setBackend(String backend) {
        params.setBackend(backend);
    }

    // ---------------------------------------------------------------- retraining

    public List<MetricPattern> getMetrics() {
        return params.getMetrics();
    }

    @DataBoundSetter
    public void setMetrics(List<MetricPattern> metrics) {
        params.setMetrics(metrics);
    }

    public String getGate() {
        return params.getGate();
    }

    /** The regression gate's conditions, one per line; in Pipeline also a list. */
    @DataBoundSetter
    public void setGate(String gate) {
        params.setGate(gate);
    }

    public Boolean getSkipIfUnchanged() {
        return params.getSkipIfUnchanged();
    }

    @DataBoundSetter
    public void setSkipIfUnchanged(Boolean skipIfUnchanged) {
        params.setSkipIfUnchanged(skipIfUnchanged);
    }

    public String getGateResult() {
        return params.getGateResult();
    }

    /** {@code UNSTABLE} (default) or {@code FAILURE}: the build's result when the gate fails. */
    @DataBoundSetter
    public void setGateResult(String gateResult) {
        params.setGateResult(gateResult);
    }

    public String getAssets() {
        return params.getAssets();
    }

    /** An assets file in the workspace, on top of the global configuration's saved algorithms and datasets. */
    @DataBoundSetter
    public void setAssets(String assets) {
        params.setAssets(assets);
    }

    public List<SecretEnvironmentVariable> getSecretEnvironment() {
        return params.getSecretEnvironment();
    }

    /** Variables from Kubernetes Secrets ({@code [HF_TOKEN: 'hf-secret/token']}): only the reference is kept. */
    @DataBoundSetter
    public void setSecretEnvironment(List<SecretEnvironmentVariable> secretEnvironment) {
        params.setSecretEnvironment(secretEnvironment);
    }

    /**
     * No {@code @Symbol}: with one, structs would offer this blocking, non-resumable builder to Pipeline as a second
     * step beside {@code modelartsTrain}. Its display name says it is the freestyle form.
     */
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> implements CustomDescribableModel {

        @Override
        @SuppressWarnings("rawtypes") // the signature of BuildStepDescriptor
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ModelArtsTrainBuilder_DisplayName();
        }

        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            return StepArguments.numbersAndBooleansAsText(ModelArtsTrainBuilder.class, StepArguments.pairsToLists(JobParameters.gateListAsLines(arguments)));
        }

        @NonNull
        @Override
        public UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable ud) {
            return ud.withArguments(StepArguments.listsToPairs(ud.getArguments()));
        }

        public ListBoxModel doFillBackendItems() {
            return StepForms.backendItems();
        }

        @POST
        public ListBoxModel doFillClusterItems(@AncestorInPath Item item, @QueryParameter String cluster) {
            return StepForms.clusterItems(item, cluster);
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return StepForms.checkName(value);
        }

        public FormValidation doCheckDescription(@QueryParameter String value) {
            return StepForms.checkDescription(value);
        }

        public FormValidation doCheckAutoRestart(@QueryParameter String value) {
            return StepForms.checkAutoRestart(value);
        }

        public FormValidation doCheckPriority(@QueryParameter String value) {
            return StepForms.checkPriority(value);
        }

        public FormValidation doCheckAutoStop(@QueryParameter String value) {
            return StepForms.checkAutoStop(value);
        }

        public FormValidation doCheckPersistentLogPath(@QueryParameter String value) {
            return StepForms.checkPersistentLogPath(value);
        }

        public FormValidation doCheckFile(@QueryParameter String value) {
            return StepForms.checkFile(value);
        }

        public FormValidation doCheckArchive(@QueryParameter String value) {
            return StepForms.checkArchive(value);
        }

        public FormValidation doCheckGate(@QueryParameter String value) {
            return FieldChecks.check("gate", Map.of("gate", JobParameters.gateLines(value)), value);
        }

        public FormValidation doCheckGateResult(@QueryParameter String value) {
            return GateResult.check(value);
        }

        public ListBoxModel doFillGateResultItems() {
            return GateResult.items();
        }
    }
}

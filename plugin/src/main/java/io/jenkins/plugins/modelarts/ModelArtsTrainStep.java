package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The Pipeline step {@code modelartsTrain}: submits a ModelArts-style training job, streams every worker's log
 * into the build console, waits for it without holding a thread or an executor, archives its outputs and returns
 * a map (status, name, kubernetesName, namespace, attempts, duration, outputs, archivedFiles).
 *
 * <pre>
 * def r = modelartsTrain file: 'train/job.yaml', hyperparameters: [epochs: '20'], archive: '**&#47;*.pt'
 * echo "trained in ${r.duration} s"
 * </pre>
 *
 * Parameters are the job contract's fields under the same names, plus {@code file}, {@code archive},
 * {@code cluster} and {@code backend}. See {@link ModelArtsTrainExecution} for how the step runs.
 */
public class ModelArtsTrainStep extends Step {

    private final JobParameters params = new JobParameters();

    @DataBoundConstructor
    public ModelArtsTrainStep() {
    }

    /** The shared parameter holder (mapping, tests). */
    JobParameters parameters() {
        return params;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new ModelArtsTrainExecution(context, params.toRequest());
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

    public String getAssets() {
        return params.getAssets();
    }

    /** An assets file in the workspace: the saved algorithms ({@code algorithm.id}) and datasets the job refers to. */
    @DataBoundSetter
    public void setAssets(String assets) {
        params.setAssets(assets);
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

    public List<SecretEnvironmentVariable> getSecretEnvironment() {
        return params.getSecretEnvironment();
    }

    /** Variables from Kubernetes Secrets ({@code [HF_TOKEN: 'hf-secret/token']}): only the reference is kept. */
    @DataBoundSetter
    public void setSecretEnvironment(List<SecretEnvironmentVariable> secretEnvironment) {
        params.setSecretEnvironment(secretEnvironment);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // FilePath and Launcher are used when present: outside node {} the step holds no executor while it waits
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "modelartsTrain";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ModelArtsTrainStep_DisplayName();
        }

        @CheckForNull
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object name = namedArgs.get("name");
            Object file = namedArgs.get("file");
            return name instanceof String ? (String) name : file instanceof String ? (String) file : null;
        }

        /** {@code hyperparameters: [lr: '0.1']} and {@code environment: [K: 'v']} become lists of name/value objects; numbers and booleans given for text become text. */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            return StepArguments.numbersAndBooleansAsText(ModelArtsTrainStep.class, StepArguments.pairsToLists(JobParameters.gateListAsLines(arguments)));
        }

        /** Back to the friendly map form for the snippet generator. */
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

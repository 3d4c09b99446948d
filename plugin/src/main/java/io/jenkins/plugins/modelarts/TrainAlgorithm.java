package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.modelarts.train.rules.ImageReferences;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * The {@code algorithm} group of a training job: boot mode, image or engine, code directory and how the code starts.
 * Same names as the job file; every field is optional here, the core validator says what a job needs. With
 * {@code id} (and optionally {@code version}) the job runs a saved algorithm of the assets instead, and the other
 * fields stay empty.
 */
public class TrainAlgorithm implements Describable<TrainAlgorithm> {

    private String bootMode;
    private String image;
    private String engine;
    private String codeDir;
    private String bootFile;
    private String bootCommand;
    private Integer userId;
    private String localCodeDir;
    private String workDir;
    /** A saved algorithm of the assets (global configuration or the step's assets file), instead of the fields above. */
    private String id;
    private Integer version;

    @DataBoundConstructor
    public TrainAlgorithm() {
    }

    public String getBootMode() {
        return bootMode;
    }

    @DataBoundSetter
    public void setBootMode(String bootMode) {
        this.bootMode = Util.fixEmptyAndTrim(bootMode);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmpty(image);
    }

    public String getEngine() {
        return engine;
    }

    @DataBoundSetter
    public void setEngine(String engine) {
        this.engine = Util.fixEmpty(engine);
    }

    public String getCodeDir() {
        return codeDir;
    }

    @DataBoundSetter
    public void setCodeDir(String codeDir) {
        this.codeDir = Util.fixEmpty(codeDir);
    }

    public String getBootFile() {
        return bootFile;
    }

    @DataBoundSetter
    public void setBootFile(String bootFile) {
        this.bootFile = Util.fixEmpty(bootFile);
    }

    public String getBootCommand() {
        return bootCommand;
    }

    @DataBoundSetter
    public void setBootCommand(String bootCommand) {
        this.bootCommand = Util.fixEmpty(bootCommand);
    }

    public Integer getUserId() {
        return userId;
    }

    @DataBoundSetter
    public void setUserId(Integer userId) {
        this.userId = userId;
    }

    public String getLocalCodeDir() {
        return localCodeDir;
    }

    @DataBoundSetter
    public void setLocalCodeDir(String localCodeDir) {
        this.localCodeDir = Util.fixEmpty(localCodeDir);
    }

    public String getWorkDir() {
        return workDir;
    }

    @DataBoundSetter
    public void setWorkDir(String workDir) {
        this.workDir = Util.fixEmpty(workDir);
    }

    public String getId() {
        return id;
    }

    @DataBoundSetter
    public void setId(String id) {
        this.id = Util.fixEmptyAndTrim(id);
    }

    public Integer getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(Integer version) {
        this.version = version;
    }

    /** The job-file form of this group: only the fields that are set. */
    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "bootMode", bootMode);
        Trees.put(m, "image", image);
        Trees.put(m, "engine", engine);
        Trees.put(m, "codeDir", codeDir);
        Trees.put(m, "bootFile", bootFile);
        Trees.put(m, "bootCommand", bootCommand);
        Trees.put(m, "userId", userId);
        Trees.put(m, "localCodeDir", localCodeDir);
        Trees.put(m, "workDir", workDir);
        Trees.put(m, "id", id);
        Trees.put(m, "version", version);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<TrainAlgorithm> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.TrainAlgorithm_DisplayName();
        }

        public ListBoxModel doFillBootModeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.TrainAlgorithm_BootMode_Inferred(), "");
            items.add(Messages.TrainAlgorithm_BootMode_CustomImage(), "customImage");
            items.add(Messages.TrainAlgorithm_BootMode_PresetImage(), "presetImage");
            return items;
        }

        public FormValidation doCheckImage(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.ok();
            }
            String problem = ImageReferences.problemWith(v);
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }

        public FormValidation doCheckBootCommand(@QueryParameter String value) {
            return FieldChecks.check("algorithm.bootCommand", Map.of("algorithm", Map.of("bootCommand", Util.fixNull(value))), value);
        }

        public FormValidation doCheckUserId(@QueryParameter String value) {
            return FieldChecks.check("algorithm.userId", Map.of("algorithm", Map.of("userId", Util.fixNull(value).trim())), value);
        }

        public FormValidation doCheckLocalCodeDir(@QueryParameter String value) {
            return FieldChecks.check("algorithm.localCodeDir", Map.of("algorithm", Map.of("localCodeDir", Util.fixNull(value))), value);
        }

        public FormValidation doCheckId(@QueryParameter String value) {
            return GlobalAssets.checkAlgorithmId(value);
        }

        public FormValidation doCheckVersion(@QueryParameter String value, @QueryParameter String id) {
            return GlobalAssets.checkAlgorithmVersion(value, id);
        }

        public FormValidation doCheckCodeDir(@QueryParameter String value) {
            return FieldChecks.check("algorithm.codeDir", Map.of("algorithm", Map.of("codeDir", Util.fixNull(value))), value);
        }
    }
}

package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * One entry of {@code inputs}: a channel name, where the data is ({@code dataPath}, or a {@code dataset} of the
 * assets with an optional {@code version}), and how the training code gets its local path.
 */
public class DataInput implements Describable<DataInput> {

    private String name;
    private String dataPath;
    private String obtainedFrom;
    /** A dataset of the assets, instead of {@code dataPath}. */
    private String dataset;
    private String version;

    @DataBoundConstructor
    public DataInput() {
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getDataPath() {
        return dataPath;
    }

    @DataBoundSetter
    public void setDataPath(String dataPath) {
        this.dataPath = Util.fixEmpty(dataPath);
    }

    public String getObtainedFrom() {
        return obtainedFrom;
    }

    @DataBoundSetter
    public void setObtainedFrom(String obtainedFrom) {
        this.obtainedFrom = Util.fixEmptyAndTrim(obtainedFrom);
    }

    public String getDataset() {
        return dataset;
    }

    @DataBoundSetter
    public void setDataset(String dataset) {
        this.dataset = Util.fixEmptyAndTrim(dataset);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "dataPath", dataPath);
        Trees.put(m, "obtainedFrom", obtainedFrom);
        Trees.put(m, "dataset", dataset);
        Trees.put(m, "version", version);
        return m;
    }

    static ListBoxModel obtainedFromItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.DataChannel_ObtainedFrom_Hyperparameters(), "hyperparameters");
        items.add(Messages.DataChannel_ObtainedFrom_Environment(), "environment");
        return items;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<DataInput> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DataInput_DisplayName();
        }

        public ListBoxModel doFillObtainedFromItems() {
            return obtainedFromItems();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return FieldChecks.check("inputs[0].name", Map.of("inputs", List.of(Map.of("name", Util.fixNull(value).trim(),
                    "dataPath", "obs://bucket/check/"))), value);
        }

        public FormValidation doCheckDataset(@QueryParameter String value) {
            return GlobalAssets.checkDataset(value);
        }

        public FormValidation doCheckDataPath(@QueryParameter String value) {
            return FieldChecks.check("inputs[0].dataPath", Map.of("inputs", List.of(Map.of("dataPath", Util.fixNull(value)))), value);
        }
    }
}

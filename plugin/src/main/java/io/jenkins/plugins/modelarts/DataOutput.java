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

/** One entry of {@code outputs}: a channel name, the object-store folder it is synchronized to, and predownload. */
public class DataOutput implements Describable<DataOutput> {

    private String name;
    private String dataPath;
    private String obtainedFrom;
    private Boolean predownload;

    @DataBoundConstructor
    public DataOutput() {
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

    public Boolean getPredownload() {
        return predownload;
    }

    @DataBoundSetter
    public void setPredownload(Boolean predownload) {
        this.predownload = predownload;
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "dataPath", dataPath);
        Trees.put(m, "obtainedFrom", obtainedFrom);
        Trees.put(m, "predownload", predownload);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<DataOutput> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DataOutput_DisplayName();
        }

        public ListBoxModel doFillObtainedFromItems() {
            return DataInput.obtainedFromItems();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return FieldChecks.check("outputs[0].name", Map.of("outputs", List.of(Map.of("name", Util.fixNull(value).trim(),
                    "dataPath", "obs://bucket/check/"))), value);
        }

        public FormValidation doCheckDataPath(@QueryParameter String value) {
            return FieldChecks.check("outputs[0].dataPath", Map.of("outputs", List.of(Map.of("dataPath", Util.fixNull(value)))), value);
        }
    }
}

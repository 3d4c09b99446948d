package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/** One entry of {@code sfsTurbo}: an SFS Turbo (NFS) file system mounted into every worker. */
public class SfsTurbo implements Describable<SfsTurbo> {

    private String name;
    private String serverPath;
    private String localPath;

    @DataBoundConstructor
    public SfsTurbo() {
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getServerPath() {
        return serverPath;
    }

    @DataBoundSetter
    public void setServerPath(String serverPath) {
        this.serverPath = Util.fixEmptyAndTrim(serverPath);
    }

    public String getLocalPath() {
        return localPath;
    }

    @DataBoundSetter
    public void setLocalPath(String localPath) {
        this.localPath = Util.fixEmptyAndTrim(localPath);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "serverPath", serverPath);
        Trees.put(m, "localPath", localPath);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<SfsTurbo> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SfsTurbo_DisplayName();
        }

        public FormValidation doCheckLocalPath(@QueryParameter String value) {
            return FieldChecks.check("sfsTurbo[0].localPath", Map.of("sfsTurbo", List.of(Map.of("name", "check",
                    "serverPath", "10.0.0.1:/export", "localPath", Util.fixNull(value).trim()))), value);
        }
    }
}

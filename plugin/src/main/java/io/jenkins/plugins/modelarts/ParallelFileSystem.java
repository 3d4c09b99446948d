package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** One entry of {@code parallelFileSystems}: a storage named in the pool catalog and where it is mounted. */
public class ParallelFileSystem implements Describable<ParallelFileSystem> {

    private String storage;
    private String mountPath;

    @DataBoundConstructor
    public ParallelFileSystem() {
    }

    public String getStorage() {
        return storage;
    }

    @DataBoundSetter
    public void setStorage(String storage) {
        this.storage = Util.fixEmptyAndTrim(storage);
    }

    public String getMountPath() {
        return mountPath;
    }

    @DataBoundSetter
    public void setMountPath(String mountPath) {
        this.mountPath = Util.fixEmptyAndTrim(mountPath);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "storage", storage);
        Trees.put(m, "mountPath", mountPath);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ParallelFileSystem> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ParallelFileSystem_DisplayName();
        }
    }
}

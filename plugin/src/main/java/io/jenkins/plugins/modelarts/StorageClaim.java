package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;

/** A parallel file system of a pool: the storage name jobs use and its PersistentVolumeClaim. */
public class StorageClaim implements Describable<StorageClaim> {

    private final String name;
    private final String claim;

    @DataBoundConstructor
    public StorageClaim(String name, String claim) {
        this.name = Util.fixEmptyAndTrim(name);
        this.claim = Util.fixEmptyAndTrim(claim);
    }

    public String getName() {
        return name;
    }

    public String getClaim() {
        return claim;
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "claim", claim);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<StorageClaim> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.StorageClaim_DisplayName();
        }
    }
}

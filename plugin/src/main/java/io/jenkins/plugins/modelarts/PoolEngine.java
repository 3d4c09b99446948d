package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.modelarts.train.rules.ImageReferences;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/** A preset engine of a pool: the name jobs pick ({@code algorithm.engine}) and the image it runs. */
public class PoolEngine implements Describable<PoolEngine> {

    private final String name;
    private final String image;

    @DataBoundConstructor
    public PoolEngine(String name, String image) {
        this.name = Util.fixEmptyAndTrim(name);
        this.image = Util.fixEmptyAndTrim(image);
    }

    public String getName() {
        return name;
    }

    public String getImage() {
        return image;
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "name", name);
        Trees.put(m, "image", image);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<PoolEngine> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PoolEngine_DisplayName();
        }

        public FormValidation doCheckImage(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            String problem = v == null ? null : ImageReferences.problemWith(v);
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }
    }
}

package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The {@code resources} group: pool, resource type, flavor and number of compute nodes. */
public class TrainResources implements Describable<TrainResources> {

    private String pool;
    private String type;
    private String flavor;
    private Integer nodes;

    @DataBoundConstructor
    public TrainResources() {
    }

    public String getPool() {
        return pool;
    }

    @DataBoundSetter
    public void setPool(String pool) {
        this.pool = Util.fixEmptyAndTrim(pool);
    }

    public String getType() {
        return type;
    }

    @DataBoundSetter
    public void setType(String type) {
        this.type = Util.fixEmptyAndTrim(type);
    }

    public String getFlavor() {
        return flavor;
    }

    @DataBoundSetter
    public void setFlavor(String flavor) {
        this.flavor = Util.fixEmptyAndTrim(flavor);
    }

    public Integer getNodes() {
        return nodes;
    }

    @DataBoundSetter
    public void setNodes(Integer nodes) {
        this.nodes = nodes;
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "pool", pool);
        Trees.put(m, "type", type);
        Trees.put(m, "flavor", flavor);
        Trees.put(m, "nodes", nodes);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<TrainResources> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.TrainResources_DisplayName();
        }

        public ListBoxModel doFillTypeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.TrainResources_Type_FromFlavor(), "");
            items.add("GPU", "GPU");
            items.add("CPU", "CPU");
            return items;
        }

        /** The configured pool names. Reads the global configuration, so it is POST and needs Item/Configure. */
        @POST
        public ListBoxModel doFillPoolItems(@AncestorInPath Item item, @QueryParameter String pool) {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.TrainResources_Pool_FromFile(), "");
            if (!Permissions.canConfigure(item)) {
                if (Util.fixEmpty(pool) != null) {
                    items.add(pool, pool);
                }
                return items;
            }
            for (ResourcePool p : ModelArtsGlobalConfiguration.get().getPools()) {
                if (p.getName() != null) {
                    items.add(p.getName(), p.getName());
                }
            }
            return items;
        }

        public FormValidation doCheckNodes(@QueryParameter String value) {
            return FieldChecks.check("resources.nodes", Map.of("resources", Map.of("nodes", Util.fixNull(value).trim())), value);
        }
    }
}

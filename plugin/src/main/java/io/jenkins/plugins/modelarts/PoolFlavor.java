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

/** A flavor of a pool: what one compute node gets (Kubernetes quantities such as {@code 8}, {@code 64Gi}). */
public class PoolFlavor implements Describable<PoolFlavor> {

    private final String id;
    private String type;
    private String cpu;
    private String memory;
    private Integer gpus;
    private String gpuResource;
    private String disk;
    private Integer maxNodes;
    private List<NodeLabel> nodeSelector;
    private List<PoolToleration> tolerations;
    private String shmSize;
    private String podTemplate;

    @DataBoundConstructor
    public PoolFlavor(String id) {
        this.id = Util.fixEmptyAndTrim(id);
    }

    public String getId() {
        return id;
    }

    public String getType() {
        return type;
    }

    @DataBoundSetter
    public void setType(String type) {
        this.type = Util.fixEmptyAndTrim(type);
    }

    public String getCpu() {
        return cpu;
    }

    @DataBoundSetter
    public void setCpu(String cpu) {
        this.cpu = Util.fixEmptyAndTrim(cpu);
    }

    public String getMemory() {
        return memory;
    }

    @DataBoundSetter
    public void setMemory(String memory) {
        this.memory = Util.fixEmptyAndTrim(memory);
    }

    public Integer getGpus() {
        return gpus;
    }

    @DataBoundSetter
    public void setGpus(Integer gpus) {
        this.gpus = gpus;
    }

    public String getGpuResource() {
        return gpuResource;
    }

    @DataBoundSetter
    public void setGpuResource(String gpuResource) {
        this.gpuResource = Util.fixEmptyAndTrim(gpuResource);
    }

    public String getDisk() {
        return disk;
    }

    @DataBoundSetter
    public void setDisk(String disk) {
        this.disk = Util.fixEmptyAndTrim(disk);
    }

    public Integer getMaxNodes() {
        return maxNodes;
    }

    @DataBoundSetter
    public void setMaxNodes(Integer maxNodes) {
        this.maxNodes = maxNodes;
    }

    public List<NodeLabel> getNodeSelector() {
        return Trees.orEmpty(nodeSelector);
    }

    @DataBoundSetter
    public void setNodeSelector(List<NodeLabel> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<PoolToleration> getTolerations() {
        return Trees.orEmpty(tolerations);
    }

    @DataBoundSetter
    public void setTolerations(List<PoolToleration> tolerations) {
        this.tolerations = tolerations;
    }

    public String getShmSize() {
        return shmSize;
    }

    /** The size of /dev/shm (memory-backed); empty: unlimited. */
    @DataBoundSetter
    public void setShmSize(String shmSize) {
        this.shmSize = Util.fixEmptyAndTrim(shmSize);
    }

    public String getPodTemplate() {
        return podTemplate;
    }

    /** YAML, as the pool's pod template, merged after it for this flavor's pods. */
    @DataBoundSetter
    public void setPodTemplate(String podTemplate) {
        this.podTemplate = Util.fixEmptyAndTrim(podTemplate);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "id", id);
        Trees.put(m, "type", type);
        Trees.put(m, "cpu", cpu);
        Trees.put(m, "memory", memory);
        Trees.put(m, "gpus", gpus);
        Trees.put(m, "gpuResource", gpuResource);
        Trees.put(m, "disk", disk);
        Trees.put(m, "maxNodes", maxNodes);
        Trees.put(m, "nodeSelector", NodeLabel.toMap(nodeSelector));
        if (tolerations != null && !tolerations.isEmpty()) {
            Trees.putList(m, "tolerations", tolerations, PoolToleration::toTree);
        }
        Trees.put(m, "shmSize", shmSize);
        PodTemplateText.put(m, podTemplate);
        return m;
    }

    private static FormValidation checkQuantity(String field, String value) {
        Map<String, Object> flavor = new LinkedHashMap<>();
        flavor.put("id", "check");
        flavor.put("type", "CPU");
        flavor.put(field, Util.fixNull(value).trim());
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("name", "check");
        pool.put("type", "dedicated");
        pool.put("flavors", List.of(flavor));
        return FieldChecks.checkCatalog("pools[0].flavors[0]." + field, Map.of("pools", List.of(pool)), value);
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<PoolFlavor> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PoolFlavor_DisplayName();
        }

        public ListBoxModel doFillTypeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("GPU", "GPU");
            items.add("CPU", "CPU");
            return items;
        }

        public FormValidation doCheckCpu(@QueryParameter String value) {
            return checkQuantity("cpu", value);
        }

        public FormValidation doCheckMemory(@QueryParameter String value) {
            return checkQuantity("memory", value);
        }

        public FormValidation doCheckDisk(@QueryParameter String value) {
            return checkQuantity("disk", value);
        }

        public FormValidation doCheckGpuResource(@QueryParameter String value) {
            return checkQuantity("gpuResource", value);
        }

        public FormValidation doCheckShmSize(@QueryParameter String value) {
            return checkQuantity("shmSize", value);
        }

        public FormValidation doCheckPodTemplate(@QueryParameter String value) {
            Map<String, Object> flavor = new LinkedHashMap<>();
            flavor.put("id", "check");
            flavor.put("type", "CPU");
            PodTemplateText.put(flavor, value);
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("name", "check");
            pool.put("type", "dedicated");
            pool.put("flavors", List.of(flavor));
            return PodTemplateText.check("pools[0].flavors[0].podTemplate", Map.of("pools", List.of(pool)), value);
        }
    }
}

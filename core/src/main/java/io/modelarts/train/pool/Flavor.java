package io.modelarts.train.pool;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.modelarts.train.spec.ResourceType;

import java.util.List;
import java.util.Map;

/**
 * A resource flavor: what one compute node gets. Quantities use Kubernetes notation ({@code 64Gi}).
 * {@code maxNodes} is ModelArts' {@code max_num} (1 = no distributed training; null = unlimited).
 * {@code disk} sizes {@code /cache} and is what "Check Input Size" compares inputs with; {@code shmSize} (may be null:
 * unlimited) sizes {@code /dev/shm}; {@code podTemplate} (may be null) is merged after the pool's.
 */
public record Flavor(
        String id,
        ResourceType type,
        String cpu,
        String memory,
        int gpus,
        String gpuResource,
        String disk,
        Integer maxNodes,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        String shmSize,
        PodTemplateSpec podTemplate) {

    public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

    /** A flavor without {@code shmSize} and pod template. */
    public Flavor(String id, ResourceType type, String cpu, String memory, int gpus, String gpuResource, String disk,
            Integer maxNodes, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        this(id, type, cpu, memory, gpus, gpuResource, disk, maxNodes, nodeSelector, tolerations, null, null);
    }

    public Flavor {
        nodeSelector = nodeSelector == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodeSelector));
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        gpuResource = gpuResource == null ? DEFAULT_GPU_RESOURCE : gpuResource;
    }
}

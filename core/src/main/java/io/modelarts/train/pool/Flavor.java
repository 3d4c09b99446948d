package io.modelarts.train.pool;

import io.modelarts.train.spec.ResourceType;

import java.util.List;
import java.util.Map;

/**
 * A resource flavor: what one compute node gets. Quantities use Kubernetes notation ({@code 64Gi}).
 * {@code maxNodes} is ModelArts' {@code max_num} (1 = no distributed training; null = unlimited).
 * {@code disk} sizes {@code /cache} and is what "Check Input Size" compares inputs with.
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
        List<Toleration> tolerations) {

    public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

    public Flavor {
        nodeSelector = nodeSelector == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodeSelector));
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        gpuResource = gpuResource == null ? DEFAULT_GPU_RESOURCE : gpuResource;
    }
}

package io.modelarts.train.assets;

import io.modelarts.train.spec.ResourceType;

import java.util.List;

/**
 * What a saved algorithm allows a job to run on (ModelArts' training constraints): resource types,
 * flavors and the most compute nodes. Empty lists and a {@code null} maximum mean no constraint.
 */
public record ResourceConstraints(List<ResourceType> types, List<String> flavors, Integer maxNodes) {

    public static final ResourceConstraints NONE = new ResourceConstraints(List.of(), List.of(), null);

    public ResourceConstraints {
        types = types == null ? List.of() : List.copyOf(types);
        flavors = flavors == null ? List.of() : List.copyOf(flavors);
    }
}

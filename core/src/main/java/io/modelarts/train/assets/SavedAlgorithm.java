package io.modelarts.train.assets;

import io.modelarts.train.spec.Algorithm;

import java.util.List;
import java.util.Optional;

/**
 * One version of a saved algorithm ("My algorithms"): how it starts ({@link Algorithm}, the same fields as
 * a job's), the channels it reads and writes, its hyperparameters and resource constraints.
 * {@code customHyperparameters}: whether a job may add hyperparameters the algorithm does not define.
 */
public record SavedAlgorithm(String id, int version, String description, Algorithm algorithm, List<ChannelDefinition> inputs,
                             List<ChannelDefinition> outputs, List<HyperparameterDefinition> hyperparameters,
                             ResourceConstraints resources, boolean customHyperparameters) {

    public static final int DEFAULT_VERSION = 1;

    public SavedAlgorithm {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        hyperparameters = List.copyOf(hyperparameters);
        resources = resources == null ? ResourceConstraints.NONE : resources;
    }

    /** {@code resnet-train v2}: how messages name it. */
    public String label() {
        return id + " v" + version;
    }

    public Optional<HyperparameterDefinition> hyperparameter(String name) {
        return hyperparameters.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}

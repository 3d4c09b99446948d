package io.modelarts.train.spec;

/** How a channel's local path reaches the training code: as a {@code --name=path} argument or as an environment variable. */
public enum ObtainedFrom {
    HYPERPARAMETERS("hyperparameters"),
    ENVIRONMENT("environment");

    private final String yamlName;

    ObtainedFrom(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static ObtainedFrom fromYaml(String value) {
        for (ObtainedFrom o : values()) {
            if (o.yamlName.equals(value)) {
                return o;
            }
        }
        return null;
    }
}

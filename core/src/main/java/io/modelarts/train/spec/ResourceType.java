package io.modelarts.train.spec;

/** Resource type of a flavor. */
public enum ResourceType {
    CPU, GPU;

    public static ResourceType fromYaml(String value) {
        for (ResourceType t : values()) {
            if (t.name().equals(value)) {
                return t;
            }
        }
        return null;
    }
}

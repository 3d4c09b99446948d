package io.modelarts.train.assets;

/** The type of a saved algorithm's hyperparameter, as the ModelArts algorithm page offers them. */
public enum HyperparameterType {
    STRING("string"),
    INT("int"),
    FLOAT("float"),
    BOOL("bool"),
    ENUM("enum");

    private final String yamlName;

    HyperparameterType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static HyperparameterType fromYaml(String text) {
        for (HyperparameterType t : values()) {
            if (t.yamlName.equals(text)) {
                return t;
            }
        }
        return null;
    }

    /** Whether {@code range} applies. */
    public boolean isNumeric() {
        return this == INT || this == FLOAT;
    }
}

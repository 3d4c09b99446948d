package io.modelarts.train.pool;

/** Public pools are shared (user id 1000-65535, default priority only); dedicated pools belong to a team. */
public enum PoolType {
    PUBLIC("public"),
    DEDICATED("dedicated");

    private final String yamlName;

    PoolType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static PoolType fromYaml(String value) {
        for (PoolType t : values()) {
            if (t.yamlName.equals(value)) {
                return t;
            }
        }
        return null;
    }
}

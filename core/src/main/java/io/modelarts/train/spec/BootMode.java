package io.modelarts.train.spec;

/** How the training container is started: a custom image with a boot command, or a preset engine image with a boot file. */
public enum BootMode {
    CUSTOM_IMAGE("customImage"),
    PRESET_IMAGE("presetImage");

    private final String yamlName;

    BootMode(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in job files and step parameters. */
    public String yamlName() {
        return yamlName;
    }

    public static BootMode fromYaml(String value) {
        for (BootMode m : values()) {
            if (m.yamlName.equals(value)) {
                return m;
            }
        }
        return null;
    }
}

package io.modelarts.train.pool;

import java.util.Locale;
import java.util.Map;

/**
 * A preset engine of a pool: the name users pick, the image it runs, its framework (written, or read
 * from the name: {@code pytorch-*}, {@code tensorflow-*}, {@code mindspore-*}) and the environment the
 * engine's image runs with ({@code env}, as ModelArts sets it for its preset images).
 */
public record Engine(String name, String image, String frameworkName, Map<String, String> env) {

    /** The framework of a preset engine: what decides the distributed arguments ModelArts passes. */
    public enum Framework {
        PYTORCH("pytorch"), TENSORFLOW("tensorflow"), MINDSPORE("mindspore"), OTHER("other");

        private final String yamlName;

        Framework(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Framework fromYaml(String text) {
            for (Framework f : values()) {
                if (f.yamlName.equals(text)) {
                    return f;
                }
            }
            return null;
        }

        /** From an engine's name: {@code pytorch-2.3} is PyTorch; anything unknown is {@link #OTHER}. */
        public static Framework ofEngineName(String engineName) {
            String n = engineName == null ? "" : engineName.toLowerCase(Locale.ROOT);
            for (Framework f : values()) {
                if (f != OTHER && (n.equals(f.yamlName) || n.startsWith(f.yamlName + "-") || n.startsWith(f.yamlName + "_"))) {
                    return f;
                }
            }
            return OTHER;
        }
    }

    public Engine {
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }

    public Engine(String name, String image) {
        this(name, image, null, Map.of());
    }

    /** The written {@code framework}, else the one its name says. */
    public Framework framework() {
        Framework written = frameworkName == null ? null : Framework.fromYaml(frameworkName.strip().toLowerCase(Locale.ROOT));
        return written != null ? written : Framework.ofEngineName(name);
    }
}

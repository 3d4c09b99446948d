package io.modelarts.train.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

final class Maps {
    private Maps() {
    }

    /** An unmodifiable copy that keeps insertion order (hyperparameters are passed in the order written). */
    static Map<String, String> orderedCopy(Map<String, String> source) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(source == null ? Map.of() : source));
    }
}

package io.jenkins.plugins.modelarts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;

/**
 * Rewrites of the step's arguments between the friendly Pipeline form and the bindable one, for
 * {@code CustomDescribableModel}: {@code hyperparameters: [lr: '0.1', epochs: 10]} is bound as
 * {@code hyperparameters: [[name: 'lr', value: '0.1'], [name: 'epochs', value: '10']]}, and the same for
 * {@code environment}. Values are turned into text as a job file would read them.
 */
final class StepArguments {

    static final List<String> PAIR_KEYS = List.of("hyperparameters", "environment");

    private StepArguments() {
    }

    static Map<String, Object> pairsToLists(Map<String, Object> arguments) {
        Map<String, Object> out = new LinkedHashMap<>(arguments);
        for (String key : PAIR_KEYS) {
            if (out.get(key) instanceof Map<?, ?> map) {
                List<Object> list = new ArrayList<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("name", String.valueOf(e.getKey()));
                    pair.put("value", e.getValue() == null ? "" : String.valueOf(e.getValue()));
                    list.add(pair);
                }
                out.put(key, list);
            }
        }
        return out;
    }

    static Map<String, Object> listsToPairs(Map<String, ?> arguments) {
        Map<String, Object> out = new LinkedHashMap<>(arguments);
        for (String key : PAIR_KEYS) {
            if (!(out.get(key) instanceof List<?> list)) {
                continue;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            boolean convertible = true;
            for (Object item : list) {
                Map<String, ?> args = item instanceof UninstantiatedDescribable ud ? ud.getArguments()
                        : item instanceof Map<?, ?> m ? cast(m) : null;
                if (args == null || !(args.get("name") instanceof String name) || map.containsKey(name)) {
                    convertible = false;
                    break;
                }
                Object value = args.get("value");
                map.put(name, value == null ? "" : value);
            }
            if (convertible) {
                out.put(key, map);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }
}

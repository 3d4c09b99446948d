package io.jenkins.plugins.modelarts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Small helpers to build job-file trees (maps, lists, scalars) from the data-bound classes. */
final class Trees {

    private Trees() {
    }

    /** Puts {@code value} unless it is null (an absent field stays absent, so the job file's value or the default applies). */
    static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Puts the list of trees of {@code items} unless {@code items} is null. */
    static <T> void putList(Map<String, Object> map, String key, List<T> items, Function<T, Object> tree) {
        if (items == null) {
            return;
        }
        List<Object> out = new ArrayList<>();
        for (T item : items) {
            if (item != null) {
                out.add(tree.apply(item));
            }
        }
        map.put(key, out);
    }

    /**
     * A deep copy of a parsed tree made only of {@link java.util.LinkedHashMap}, {@link ArrayList}, strings, numbers
     * and booleans, so that it can be persisted with the Pipeline program whatever the parser returned.
     */
    static Object serializableCopy(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof java.math.BigInteger
                || value instanceof java.math.BigDecimal) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), serializableCopy(e.getValue()));
            }
            return out;
        }
        if (value instanceof java.util.Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object o : c) {
                out.add(serializableCopy(o));
            }
            return out;
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        return String.valueOf(value);
    }

    /** A null list as an empty one, for getters that forms and Pipeline read. */
    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}

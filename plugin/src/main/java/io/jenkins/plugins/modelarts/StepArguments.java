package io.jenkins.plugins.modelarts;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Rewrites of the step's arguments between the friendly Pipeline form and the bindable one, for
 * {@code CustomDescribableModel}: {@code hyperparameters: [lr: '0.1', epochs: 10]} is bound as
 * {@code hyperparameters: [[name: 'lr', value: '0.1'], [name: 'epochs', value: '10']]}, and the same for
 * {@code environment} and {@code secretEnvironment} ({@code [HF_TOKEN: 'hf-secret/token']} as {@code [name:, secret:]}). Values are turned into text as a job file would read them.
 *
 * <p>Pipeline's binder (structs' {@code DescribableModel}) turns text into numbers and booleans but never the other
 * way: {@code value: 10} for a {@code String} parameter is a {@code ClassCastException}. So numbers and booleans
 * given for a text parameter, at any depth ({@code hyperparameters: [[name: 'epochs', value: 10]]},
 * {@code algorithm: [image: ..., bootCommand: ...]}), are turned into text as written, before binding.
 */
final class StepArguments {

    static final List<String> PAIR_KEYS = List.of("hyperparameters", "environment", "secretEnvironment");

    /** The second field of a pair: {@code value}, except {@code secretEnvironment}'s Secret reference. */
    static String valueKey(String pairKey) {
        return "secretEnvironment".equals(pairKey) ? "secret" : "value";
    }

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
                    pair.put(valueKey(key), e.getValue() == null ? "" : String.valueOf(e.getValue()));
                    list.add(pair);
                }
                out.put(key, list);
            }
        }
        return out;
    }

    /**
     * {@code arguments} for the data-bound class {@code type} with every number or boolean given for a {@code String}
     * parameter turned into its text, descending into nested data-bound objects and lists of them.
     */
    static Map<String, Object> numbersAndBooleansAsText(Class<?> type, Map<String, Object> arguments) {
        Map<String, Object> out = new LinkedHashMap<>(arguments);
        for (Map.Entry<String, Object> e : out.entrySet()) {
            Type target = parameterType(type, e.getKey());
            if (target != null) {
                e.setValue(asText(target, e.getValue()));
            }
        }
        return out;
    }

    private static Object asText(Type target, Object value) {
        Class<?> raw = raw(target);
        if (raw == null || value == null) {
            return value;
        }
        if (raw == String.class) {
            return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : value;
        }
        if (List.class.isAssignableFrom(raw) && value instanceof List<?> list && target instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(asText(element, item));
            }
            return out;
        }
        if (value instanceof UninstantiatedDescribable ud) {
            return ud.withArguments(numbersAndBooleansAsText(raw, new LinkedHashMap<>(ud.getArguments())));
        }
        if (value instanceof Map<?, ?> map && !Map.class.isAssignableFrom(raw)) {
            return numbersAndBooleansAsText(raw, cast(map));
        }
        return value;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        return t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
    }

    /** The type of {@code type}'s data-bound constructor parameter or data-bound setter {@code name}, or null. */
    private static Type parameterType(Class<?> type, String name) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    if (p.isNamePresent() && p.getName().equals(name)) {
                        return p.getParameterizedType();
                    }
                }
            }
        }
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(setter) && m.getParameterCount() == 1 && m.isAnnotationPresent(DataBoundSetter.class)) {
                return m.getGenericParameterTypes()[0];
            }
        }
        return null;
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
                Object value = args.get(valueKey(key));
                map.put(name, value == null ? "" : value);
            }
            if (convertible) {
                out.put(key, map);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> cast(Map<?, ?> m) {
        return (Map<String, V>) m;
    }
}

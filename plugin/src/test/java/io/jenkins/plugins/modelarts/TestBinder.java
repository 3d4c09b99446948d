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
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What Pipeline does with {@code modelartsTrain(a: 1, b: [...])}, reduced to the rules of structs'
 * {@code DescribableModel} that the step relies on: the descriptor's {@link CustomDescribableModel} first, then the
 * {@code @DataBoundConstructor} by parameter names and {@code @DataBoundSetter}s for the other keys; strings are
 * coerced to numbers and booleans, maps to nested data-bound classes, lists element by element; an unknown key is
 * an error.
 */
final class TestBinder {

    private TestBinder() {
    }

    static <T> T bind(Class<T> type, Map<String, ?> arguments) throws Exception {
        Map<String, Object> args = new LinkedHashMap<>(arguments);
        CustomDescribableModel custom = CustomDescribableModel.of(type);
        if (custom != null) {
            args = new LinkedHashMap<>(custom.customInstantiate(args));
        }
        Constructor<?> ctor = null;
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                ctor = c;
            }
        }
        if (ctor == null) {
            throw new IllegalArgumentException(type + " has no @DataBoundConstructor");
        }
        Parameter[] params = ctor.getParameters();
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            if (!params[i].isNamePresent()) {
                throw new IllegalStateException("compile with -parameters: " + ctor);
            }
            values[i] = coerce(args.remove(params[i].getName()), params[i].getParameterizedType());
        }
        T object = type.cast(ctor.newInstance(values));
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Method setter = setter(type, e.getKey());
            setter.invoke(object, coerce(e.getValue(), setter.getGenericParameterTypes()[0]));
        }
        return object;
    }

    static Method setter(Class<?> type, String property) {
        String name = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1 && m.isAnnotationPresent(DataBoundSetter.class)) {
                return m;
            }
        }
        throw new IllegalArgumentException("WARNING: Unknown parameter(s) found for class type '" + type.getName() + "': " + property);
    }

    @SuppressWarnings("unchecked")
    static Object coerce(Object value, Type type) throws Exception {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (value == null) {
            if (raw == int.class) {
                return 0;
            }
            if (raw == boolean.class) {
                return false;
            }
            return null;
        }
        if (raw == String.class) {
            if (value instanceof String) {
                return value;
            }
            throw new IllegalArgumentException("expected String, got " + value.getClass().getSimpleName() + " " + value);
        }
        if (raw == Integer.class || raw == int.class) {
            if (value instanceof Number n) {
                return n.intValue();
            }
            return Integer.valueOf(value.toString().trim());
        }
        if (raw == Boolean.class || raw == boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            return Boolean.valueOf(value.toString().trim());
        }
        if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(coerce(item, element));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            return bind(raw, (Map<String, ?>) map);
        }
        if (raw.isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException("cannot bind " + value + " to " + type);
    }
}

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

    /**
     * structs' {@code DescribableModel.coerce}, in its order: lists element by element, a value already of the type
     * (numbers of another width are narrowed as Groovy's {@code coerceArgument} does), nested objects from maps,
     * text to enums, numbers and booleans; anything else, a number or a boolean for a {@code String} included, is
     * the {@code ClassCastException} Pipeline reports.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
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
        Class<?> wrapped = raw == int.class ? Integer.class : raw == boolean.class ? Boolean.class : raw;
        if (wrapped == Integer.class && value instanceof Number n && !(value instanceof Integer)) {
            value = n.intValue();
        }
        if (value instanceof List<?> list && java.util.Collection.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(coerce(item, element));
            }
            return out;
        }
        if (wrapped.isInstance(value)) {
            return value;
        }
        if (value instanceof org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable ud) {
            return bind(raw, ud.getArguments());
        }
        if (value instanceof Map<?, ?> map) {
            return bind(raw, (Map<String, ?>) map);
        }
        if (value instanceof String text) {
            if (raw.isEnum()) {
                return Enum.valueOf((Class) raw, text);
            }
            if (wrapped == Integer.class) {
                try {
                    return Integer.valueOf(text);
                } catch (NumberFormatException e) {
                    throw new ClassCastException(type + " expects " + wrapped + " but was unable to coerce the received value \"" + text + "\" to that type");
                }
            }
            if (wrapped == Boolean.class) {
                return Boolean.valueOf(text);
            }
        }
        throw new ClassCastException(raw.getSimpleName() + " expects " + type + " but received " + value.getClass());
    }
}

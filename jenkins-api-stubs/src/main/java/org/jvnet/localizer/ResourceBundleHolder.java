package org.jvnet.localizer;

import java.io.Serializable;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stand-in for the localizer library's {@code ResourceBundleHolder}, which the {@code Messages} classes generated
 * from {@code Messages.properties} use. Looks up {@code <owner class name>.properties} beside the owner class.
 */
public final class ResourceBundleHolder implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<Class<?>, ResourceBundleHolder> CACHE = new ConcurrentHashMap<>();

    private final Class<?> owner;

    private ResourceBundleHolder(Class<?> owner) {
        this.owner = owner;
    }

    public static synchronized ResourceBundleHolder get(Class<?> clazz) {
        return CACHE.computeIfAbsent(clazz, ResourceBundleHolder::new);
    }

    public ResourceBundle get(Locale locale) {
        return ResourceBundle.getBundle(owner.getName(), locale, owner.getClassLoader());
    }

    public String format(String key, Object... args) {
        String pattern;
        try {
            pattern = get(Locale.getDefault()).getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return args.length == 0 && !pattern.contains("''") ? pattern : new MessageFormat(pattern).format(args);
    }
}

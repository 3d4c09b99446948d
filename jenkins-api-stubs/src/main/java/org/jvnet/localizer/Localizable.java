package org.jvnet.localizer;

import java.io.Serializable;
import java.util.Locale;

/**
 * Stand-in for the localizer library's {@code Localizable}: a message key with arguments, rendered late.
 */
public class Localizable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ResourceBundleHolder holder;
    private final String key;
    private final Serializable[] args;

    public Localizable(ResourceBundleHolder holder, String key, Object... args) {
        this.holder = holder;
        this.key = key;
        this.args = new Serializable[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            this.args[i] = a instanceof Serializable || a == null ? (Serializable) a : a.toString();
        }
    }

    public String getKey() {
        return key;
    }

    public Object[] getArgs() {
        return args.clone();
    }

    public String toString(Locale locale) {
        return holder == null ? key : holder.format(key, (Object[]) args);
    }

    @Override
    public String toString() {
        return toString(Locale.getDefault());
    }
}

package org.jenkinsci.plugins.structs.describable;

import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stand-in for structs' {@code UninstantiatedDescribable}: a describable as a symbol or class name plus its
 * arguments (what {@code CustomDescribableModel.customUninstantiate} receives and returns).
 */
public class UninstantiatedDescribable implements Serializable {
    private static final long serialVersionUID = 1L;

    private String symbol;
    private String klass;
    private final Map<String, ?> arguments;

    public UninstantiatedDescribable(String symbol, String klass, Map<String, ?> arguments) {
        this.symbol = symbol;
        this.klass = klass;
        this.arguments = Collections.unmodifiableMap(new TreeMap<>(arguments));
    }

    public UninstantiatedDescribable(Map<String, ?> arguments) {
        this(null, null, arguments);
    }

    public UninstantiatedDescribable withArguments(Map<String, ?> arguments) {
        return new UninstantiatedDescribable(symbol, klass, arguments);
    }

    public @Nullable String getSymbol() {
        return symbol;
    }

    public void setSymbol(String symbol) {
        this.symbol = symbol;
    }

    public @Nullable String getKlass() {
        return klass;
    }

    public void setKlass(String klass) {
        this.klass = klass;
    }

    public Map<String, ?> getArguments() {
        return arguments;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> r = new LinkedHashMap<>(arguments);
        if (symbol != null) {
            r.put("$symbol", symbol);
        }
        if (klass != null) {
            r.put("$class", klass);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UninstantiatedDescribable)) {
            return false;
        }
        UninstantiatedDescribable that = (UninstantiatedDescribable) o;
        return java.util.Objects.equals(symbol, that.symbol)
                && java.util.Objects.equals(klass, that.klass)
                && arguments.equals(that.arguments);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(symbol, klass, arguments);
    }

    @Override
    public String toString() {
        return (symbol != null ? symbol : klass != null ? klass : "") + arguments;
    }
}

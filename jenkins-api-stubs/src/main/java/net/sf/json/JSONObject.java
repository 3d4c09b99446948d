package net.sf.json;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Stand-in for json-lib's {@code JSONObject} (the form data that Stapler hands to {@code Descriptor.configure}).
 * An insertion-ordered map with json-lib's typed getters; nested maps and collections are stored as
 * {@code JSONObject} / {@link JSONArray}. {@link #fromObject(Object)} also parses JSON text.
 */
public final class JSONObject extends AbstractJSON implements JSON, Map<String, Object>, Comparable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> properties = new LinkedHashMap<>();
    private final boolean nullObject;

    public JSONObject() {
        this(false);
    }

    public JSONObject(boolean isNull) {
        this.nullObject = isNull;
    }

    public static JSONObject fromObject(Object object) {
        if (object == null) {
            return new JSONObject(true);
        }
        if (object instanceof JSONObject) {
            JSONObject src = (JSONObject) object;
            if (src.isNullObject()) {
                return new JSONObject(true);
            }
            JSONObject copy = new JSONObject();
            copy.putAll(src);
            return copy;
        }
        if (object instanceof Map) {
            JSONObject o = new JSONObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) object).entrySet()) {
                o.element(String.valueOf(e.getKey()), e.getValue());
            }
            return o;
        }
        if (object instanceof String) {
            String text = ((String) object).trim();
            if (text.equals("null")) {
                return new JSONObject(true);
            }
            Object v = JsonText.parse(text);
            if (!(v instanceof JSONObject)) {
                throw new JSONException("A JSONObject text must begin with '{'");
            }
            return (JSONObject) v;
        }
        throw new JSONException("Unsupported type for the stand-in JSONObject.fromObject: " + object.getClass());
    }

    public boolean isNullObject() {
        return nullObject;
    }

    @Override
    public boolean isArray() {
        return false;
    }

    public JSONObject element(String key, Object value) {
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, JsonText.wrap(value));
        }
        return this;
    }

    public JSONObject element(String key, boolean value) {
        return element(key, Boolean.valueOf(value));
    }

    public JSONObject element(String key, int value) {
        return element(key, Integer.valueOf(value));
    }

    public JSONObject element(String key, long value) {
        return element(key, Long.valueOf(value));
    }

    public JSONObject element(String key, double value) {
        return element(key, Double.valueOf(value));
    }

    public JSONObject discard(String key) {
        properties.remove(key);
        return this;
    }

    public boolean has(String key) {
        return properties.containsKey(key);
    }

    public Object get(String key) {
        return properties.get(key);
    }

    public Object opt(String key) {
        return properties.get(key);
    }

    private Object require(String key) {
        Object v = properties.get(key);
        if (v == null) {
            throw new JSONException("JSONObject[\"" + key + "\"] not found.");
        }
        return v;
    }

    public String getString(String key) {
        return require(key).toString();
    }

    public String optString(String key) {
        return optString(key, "");
    }

    public String optString(String key, String defaultValue) {
        Object v = properties.get(key);
        return v == null ? defaultValue : v.toString();
    }

    public boolean getBoolean(String key) {
        Object v = require(key);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if ("true".equalsIgnoreCase(v.toString()) || "on".equalsIgnoreCase(v.toString())) {
            return true;
        }
        if ("false".equalsIgnoreCase(v.toString())) {
            return false;
        }
        throw new JSONException("JSONObject[\"" + key + "\"] is not a Boolean.");
    }

    public boolean optBoolean(String key) {
        return optBoolean(key, false);
    }

    public boolean optBoolean(String key, boolean defaultValue) {
        return has(key) ? getBoolean(key) : defaultValue;
    }

    private Number number(String key) {
        Object v = require(key);
        if (v instanceof Number) {
            return (Number) v;
        }
        try {
            return Double.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new JSONException("JSONObject[\"" + key + "\"] is not a number.", e);
        }
    }

    public int getInt(String key) {
        Object v = require(key);
        return v instanceof Number ? ((Number) v).intValue() : (int) number(key).doubleValue();
    }

    public int optInt(String key) {
        return optInt(key, 0);
    }

    public int optInt(String key, int defaultValue) {
        try {
            return has(key) ? getInt(key) : defaultValue;
        } catch (JSONException e) {
            return defaultValue;
        }
    }

    public long getLong(String key) {
        Object v = require(key);
        return v instanceof Number ? ((Number) v).longValue() : (long) number(key).doubleValue();
    }

    public long optLong(String key) {
        return optLong(key, 0L);
    }

    public long optLong(String key, long defaultValue) {
        try {
            return has(key) ? getLong(key) : defaultValue;
        } catch (JSONException e) {
            return defaultValue;
        }
    }

    public double getDouble(String key) {
        return number(key).doubleValue();
    }

    public double optDouble(String key, double defaultValue) {
        try {
            return has(key) ? getDouble(key) : defaultValue;
        } catch (JSONException e) {
            return defaultValue;
        }
    }

    public JSONObject getJSONObject(String key) {
        Object v = require(key);
        if (v instanceof JSONObject) {
            return (JSONObject) v;
        }
        throw new JSONException("JSONObject[\"" + key + "\"] is not a JSONObject.");
    }

    public JSONObject optJSONObject(String key) {
        Object v = properties.get(key);
        return v instanceof JSONObject ? (JSONObject) v : null;
    }

    public JSONArray getJSONArray(String key) {
        Object v = require(key);
        if (v instanceof JSONArray) {
            return (JSONArray) v;
        }
        throw new JSONException("JSONObject[\"" + key + "\"] is not a JSONArray.");
    }

    public JSONArray optJSONArray(String key) {
        Object v = properties.get(key);
        return v instanceof JSONArray ? (JSONArray) v : null;
    }

    public Iterator<String> keys() {
        return properties.keySet().iterator();
    }

    public JSONArray names() {
        JSONArray a = new JSONArray();
        a.addAll(properties.keySet());
        return a;
    }

    // ---- Map<String, Object>

    @Override
    public int size() {
        return properties.size();
    }

    @Override
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return properties.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return properties.containsValue(JsonText.wrap(value));
    }

    @Override
    public Object get(Object key) {
        return properties.get(key);
    }

    @Override
    public Object put(String key, Object value) {
        Object old = properties.get(key);
        element(key, value);
        return old;
    }

    @Override
    public Object remove(Object key) {
        return properties.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ? extends Object> m) {
        for (Map.Entry<? extends String, ? extends Object> e : m.entrySet()) {
            element(e.getKey(), e.getValue());
        }
    }

    @Override
    public void clear() {
        properties.clear();
    }

    @Override
    public Set<String> keySet() {
        return properties.keySet();
    }

    @Override
    public Collection<Object> values() {
        return properties.values();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return properties.entrySet();
    }

    @Override
    public int compareTo(Object obj) {
        if (obj instanceof JSONObject) {
            return Integer.compare(size(), ((JSONObject) obj).size());
        }
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof JSONObject)) {
            return false;
        }
        JSONObject that = (JSONObject) obj;
        return nullObject == that.nullObject && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return nullObject ? 0 : properties.hashCode();
    }
}

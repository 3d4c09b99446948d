package net.sf.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;

/**
 * Stand-in for json-lib's {@code JSONArray}: a list whose nested maps and collections are stored as
 * {@link JSONObject} / {@code JSONArray}.
 */
public final class JSONArray extends AbstractJSON implements JSON, List<Object>, Comparable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<Object> elements = new ArrayList<>();

    public JSONArray() {}

    public static JSONArray fromObject(Object object) {
        if (object instanceof String) {
            Object v = JsonText.parse(((String) object).trim());
            if (!(v instanceof JSONArray)) {
                throw new JSONException("A JSONArray text must start with '['");
            }
            return (JSONArray) v;
        }
        if (object instanceof Collection || (object != null && object.getClass().isArray())) {
            return JsonText.arrayOf(object);
        }
        JSONArray a = new JSONArray();
        if (object != null) {
            a.add(object);
        }
        return a;
    }

    @Override
    public boolean isArray() {
        return true;
    }

    public JSONArray element(Object value) {
        add(value);
        return this;
    }

    public String getString(int index) {
        Object v = elements.get(index);
        if (v == null) {
            throw new JSONException("JSONArray[" + index + "] is null.");
        }
        return v.toString();
    }

    public String optString(int index) {
        Object v = index >= 0 && index < size() ? elements.get(index) : null;
        return v == null ? "" : v.toString();
    }

    public boolean getBoolean(int index) {
        Object v = elements.get(index);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        return Boolean.parseBoolean(String.valueOf(v));
    }

    public int getInt(int index) {
        Object v = elements.get(index);
        if (v instanceof Number) {
            return ((Number) v).intValue();
        }
        try {
            return (int) Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new JSONException("JSONArray[" + index + "] is not a number.", e);
        }
    }

    public JSONObject getJSONObject(int index) {
        Object v = elements.get(index);
        if (v instanceof JSONObject) {
            return (JSONObject) v;
        }
        throw new JSONException("JSONArray[" + index + "] is not a JSONObject.");
    }

    public JSONArray getJSONArray(int index) {
        Object v = elements.get(index);
        if (v instanceof JSONArray) {
            return (JSONArray) v;
        }
        throw new JSONException("JSONArray[" + index + "] is not a JSONArray.");
    }

    // ---- List<Object>

    @Override
    public int size() {
        return elements.size();
    }

    @Override
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    @Override
    public boolean contains(Object o) {
        return elements.contains(JsonText.wrap(o));
    }

    @Override
    public Iterator<Object> iterator() {
        return elements.iterator();
    }

    @Override
    public Object[] toArray() {
        return elements.toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return elements.toArray(a);
    }

    @Override
    public boolean add(Object o) {
        return elements.add(JsonText.wrap(o));
    }

    @Override
    public boolean remove(Object o) {
        return elements.remove(o);
    }

    @Override
    public boolean containsAll(Collection<?> c) {
        for (Object o : c) {
            if (!contains(o)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean addAll(Collection<?> c) {
        for (Object o : c) {
            add(o);
        }
        return !c.isEmpty();
    }

    @Override
    public boolean addAll(int index, Collection<?> c) {
        int i = index;
        for (Object o : c) {
            add(i++, o);
        }
        return !c.isEmpty();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return elements.removeAll(c);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        return elements.retainAll(c);
    }

    @Override
    public void clear() {
        elements.clear();
    }

    @Override
    public Object get(int index) {
        return elements.get(index);
    }

    @Override
    public Object set(int index, Object element) {
        return elements.set(index, JsonText.wrap(element));
    }

    @Override
    public void add(int index, Object element) {
        elements.add(index, JsonText.wrap(element));
    }

    @Override
    public Object remove(int index) {
        return elements.remove(index);
    }

    @Override
    public int indexOf(Object o) {
        return elements.indexOf(o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return elements.lastIndexOf(o);
    }

    @Override
    public ListIterator<Object> listIterator() {
        return elements.listIterator();
    }

    @Override
    public ListIterator<Object> listIterator(int index) {
        return elements.listIterator(index);
    }

    @Override
    public List<Object> subList(int fromIndex, int toIndex) {
        return elements.subList(fromIndex, toIndex);
    }

    @Override
    public int compareTo(Object obj) {
        if (obj instanceof JSONArray) {
            return Integer.compare(size(), ((JSONArray) obj).size());
        }
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof JSONArray && elements.equals(((JSONArray) obj).elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}

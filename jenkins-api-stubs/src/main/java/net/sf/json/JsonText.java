package net.sf.json;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** JSON text reading and writing for the stand-in {@link JSONObject} and {@link JSONArray}. Not an API. */
final class JsonText {
    private final String s;
    private int pos;

    private JsonText(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        JsonText p = new JsonText(text);
        Object v = p.value();
        p.skipWhitespace();
        if (p.pos != p.s.length()) {
            throw p.error("unexpected trailing text");
        }
        return v;
    }

    /** Converts a Java value into the form stored in JSON containers. */
    static Object wrap(Object v) {
        if (v == null || v instanceof JSON || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Character || v instanceof Enum) {
            return v.toString();
        }
        if (v instanceof Map) {
            return JSONObject.fromObject(v);
        }
        if (v instanceof Collection || v.getClass().isArray()) {
            return JSONArray.fromObject(v);
        }
        return v.toString();
    }

    static JSONArray arrayOf(Object v) {
        JSONArray a = new JSONArray();
        if (v instanceof Collection) {
            for (Object o : (Collection<?>) v) {
                a.add(o);
            }
        } else {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                a.add(Array.get(v, i));
            }
        }
        return a;
    }

    private JSONException error(String what) {
        return new JSONException(what + " at character " + pos + " of " + s);
    }

    private void skipWhitespace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char next() {
        skipWhitespace();
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(pos++);
    }

    private Object value() {
        char c = next();
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
            case '\'':
                return string(c);
            default:
                pos--;
                return literal();
        }
    }

    private JSONObject object() {
        JSONObject o = new JSONObject();
        if (next() == '}') {
            return o;
        }
        pos--;
        while (true) {
            char q = next();
            String key;
            if (q == '"' || q == '\'') {
                key = string(q);
            } else {
                pos--;
                key = String.valueOf(literal());
            }
            if (next() != ':') {
                throw error("expected ':'");
            }
            o.element(key, value());
            char c = next();
            if (c == '}') {
                return o;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private JSONArray array() {
        JSONArray a = new JSONArray();
        if (next() == ']') {
            return a;
        }
        pos--;
        while (true) {
            a.add(value());
            char c = next();
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n':
                    sb.append('\n');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'u':
                    sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    pos += 4;
                    break;
                default:
                    sb.append(e);
            }
        }
    }

    private Object literal() {
        int start = pos;
        while (pos < s.length() && ",:]}".indexOf(s.charAt(pos)) < 0 && !Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        String t = s.substring(start, pos);
        if (t.isEmpty()) {
            throw error("expected a value");
        }
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        if (t.equals("null")) {
            return null;
        }
        try {
            if (t.contains(".") || t.contains("e") || t.contains("E")) {
                return Double.valueOf(t);
            }
            long l = Long.parseLong(t);
            return l == (int) l ? (Object) (int) l : (Object) l;
        } catch (NumberFormatException e) {
            return t;
        }
    }

    static void write(Object v, StringBuilder sb, int indentFactor, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof JSONObject) {
            JSONObject o = (JSONObject) v;
            if (o.isNullObject()) {
                sb.append("null");
                return;
            }
            sb.append('{');
            Iterator<Map.Entry<String, Object>> it = o.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                newline(sb, indentFactor, indent + indentFactor);
                quote(e.getKey(), sb);
                sb.append(indentFactor > 0 ? ": " : ":");
                write(e.getValue(), sb, indentFactor, indent + indentFactor);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            if (!o.isEmpty()) {
                newline(sb, indentFactor, indent);
            }
            sb.append('}');
        } else if (v instanceof JSONArray) {
            JSONArray a = (JSONArray) v;
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                newline(sb, indentFactor, indent + indentFactor);
                write(a.get(i), sb, indentFactor, indent + indentFactor);
                if (i + 1 < a.size()) {
                    sb.append(',');
                }
            }
            if (!a.isEmpty()) {
                newline(sb, indentFactor, indent);
            }
            sb.append(']');
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            quote(v.toString(), sb);
        }
    }

    private static void newline(StringBuilder sb, int indentFactor, int indent) {
        if (indentFactor > 0) {
            sb.append('\n');
            sb.append(" ".repeat(indent));
        }
    }

    static void quote(String str, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}

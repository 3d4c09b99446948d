package net.sf.json;

/**
 * Stand-in for json-lib's {@code JSONException}.
 */
public class JSONException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JSONException() {
        super();
    }

    public JSONException(String msg) {
        super(msg);
    }

    public JSONException(String msg, Throwable cause) {
        super(msg, cause);
    }

    public JSONException(Throwable cause) {
        super(cause);
    }
}

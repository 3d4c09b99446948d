package io.modelarts.train.plan;

/** POSIX shell quoting: any value becomes exactly one word and runs nothing. */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /** Wraps {@code value} in single quotes; an embedded {@code '} becomes {@code '\''}. */
    public static String quote(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value; // nothing a shell would interpret: keep logs readable
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}

package io.modelarts.train.plan;

/** POSIX shell quoting: any value becomes exactly one word and runs nothing. */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /** Wraps {@code value} in single quotes; an embedded {@code '} becomes {@code '\''}. */
    public static String quote(String value) {
        if (isPlainWord(value)) {
            return value; // nothing a shell would interpret: keep logs readable
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Whether {@code value} is a non-empty run of {@code [A-Za-z0-9_@%+=:,./-]} (a loop: rendering quotes many words per job). */
    private static boolean isPlainWord(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_@%+=:,./-".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}

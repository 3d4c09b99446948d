package org.jenkinsci.remoting;

import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * Stand-in for the remoting library's {@code Role}: names which side of a channel a callable may run on.
 */
public final class Role {
    private final String name;

    public Role(@NonNull String name) {
        this.name = name;
    }

    public Role(@NonNull Class<?> name) {
        this(name.getName());
    }

    public @NonNull String getName() {
        return name;
    }

    @Override
    public String toString() {
        return super.toString() + "[" + name + "]";
    }
}

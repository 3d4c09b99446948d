package org.jenkinsci.remoting;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;

/**
 * Stand-in for the remoting library's {@code RoleChecker}.
 */
public abstract class RoleChecker {
    public abstract void check(@NonNull RoleSensitive subject, @NonNull Collection<Role> expected)
            throws SecurityException;

    public void check(@NonNull RoleSensitive subject, @NonNull Role expected) throws SecurityException {
        check(subject, Collections.singleton(expected));
    }

    public void check(@NonNull RoleSensitive subject, @NonNull Role... expected) throws SecurityException {
        check(subject, Arrays.asList(expected));
    }
}

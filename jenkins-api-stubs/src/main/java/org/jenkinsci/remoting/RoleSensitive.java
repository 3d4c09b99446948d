package org.jenkinsci.remoting;

/**
 * Stand-in for the remoting library's {@code RoleSensitive}.
 */
public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}

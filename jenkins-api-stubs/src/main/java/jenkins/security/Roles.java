package jenkins.security;

import org.jenkinsci.remoting.Role;

/**
 * Stand-in for {@code jenkins.security.Roles}: the two ends of an agent channel.
 */
public class Roles {
    /** The controller ("master") side. */
    public static final Role MASTER = new Role("master");

    /** The agent ("slave") side. */
    public static final Role SLAVE = new Role("slave");

    private Roles() {}
}

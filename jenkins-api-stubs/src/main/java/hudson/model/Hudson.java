package hudson.model;

import jenkins.model.Jenkins;

/**
 * Stand-in for the legacy {@code hudson.model.Hudson} (owner of the "Overall" permission group).
 *
 * @deprecated use {@link Jenkins}
 */
@Deprecated
public class Hudson extends Jenkins {
    private Hudson() {
        super();
    }
}

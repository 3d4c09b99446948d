package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * Stand-in for {@code hudson.model.Action}: something attached to a run or job, optionally with a page.
 */
public interface Action extends ModelObject {
    @CheckForNull
    String getIconFileName();

    @Override
    @CheckForNull
    String getDisplayName();

    @CheckForNull
    String getUrlName();
}

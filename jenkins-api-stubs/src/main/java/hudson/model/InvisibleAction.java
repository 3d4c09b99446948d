package hudson.model;

/**
 * Stand-in for {@code hudson.model.InvisibleAction}: an action attached to a model object only to hold data,
 * with no icon, no link and no name.
 */
public abstract class InvisibleAction implements Action {

    @Override
    public final String getIconFileName() {
        return null;
    }

    @Override
    public final String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}

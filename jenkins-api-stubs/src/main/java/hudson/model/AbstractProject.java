package hudson.model;

/**
 * Stand-in for {@code hudson.model.AbstractProject}: the base of freestyle-type projects
 * ({@code BuildStepDescriptor.isApplicable} receives subclasses of it).
 */
public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Job<P, R> {
    protected AbstractProject(ItemGroup parent, String name) {
        super(parent, name);
    }

    @Override
    public boolean isBuildable() {
        return true;
    }
}

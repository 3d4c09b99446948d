package hudson.model;

/**
 * Stand-in for {@code hudson.model.AbstractDescribableImpl}.
 *
 * @deprecated since Jenkins 2.505, implement {@link Describable} directly (its {@code getDescriptor()} is now a
 *     default method). Still the base class of {@code org.jenkinsci.plugins.workflow.steps.Step}.
 */
@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {}

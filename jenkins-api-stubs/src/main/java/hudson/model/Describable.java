package hudson.model;

import jenkins.model.Jenkins;

/**
 * Stand-in for {@code hudson.model.Describable}: an object configured through a {@link Descriptor}.
 * Since Jenkins 2.505 {@code getDescriptor()} has this default (the registered descriptor of the class).
 */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }
}

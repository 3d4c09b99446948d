package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

/**
 * Stand-in for workflow-step-api's {@code Step}: one Pipeline step; {@link #start(StepContext)} returns the
 * {@link StepExecution} that runs it. Arguments are bound through {@code @DataBoundConstructor} and
 * {@code @DataBoundSetter}s and need getters of the same names.
 */
@SuppressWarnings("deprecation")
public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        return (StepDescriptor) super.getDescriptor();
    }
}

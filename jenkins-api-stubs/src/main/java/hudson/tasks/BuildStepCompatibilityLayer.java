package hudson.tasks;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Action;
import hudson.model.BuildListener;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import jenkins.tasks.SimpleBuildStep;

/**
 * Stand-in for {@code hudson.tasks.BuildStepCompatibilityLayer}: defaults for {@link BuildStep}; a
 * {@link SimpleBuildStep} is run through its workspace {@code perform}.
 */
public abstract class BuildStepCompatibilityLayer implements BuildStep {
    @Override
    public boolean prebuild(AbstractBuild<?, ?> build, BuildListener listener) {
        return true;
    }

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        if (this instanceof SimpleBuildStep) {
            SimpleBuildStep step = (SimpleBuildStep) this;
            FilePath workspace = build.getWorkspace();
            EnvVars env = build.getEnvironment(listener);
            if (step.requiresWorkspace()) {
                if (workspace == null) {
                    throw new AbortException("no workspace for " + build);
                }
                step.perform(build, workspace, env, launcher, listener);
            } else {
                step.perform(build, env, listener);
            }
            return true;
        }
        throw new AbstractMethodError(getClass().getName() + " must override perform(AbstractBuild, Launcher, BuildListener)");
    }

    @Override
    @Deprecated
    public Action getProjectAction(AbstractProject<?, ?> project) {
        return null;
    }

    @Override
    public Collection<? extends Action> getProjectActions(AbstractProject<?, ?> project) {
        Action a = getProjectAction(project);
        return a == null ? Collections.emptyList() : Collections.singletonList(a);
    }
}

package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import java.io.IOException;

/**
 * Stand-in for {@code jenkins.tasks.SimpleBuildStep}: a build step usable from freestyle projects and, through
 * the {@code step} step, from Pipeline. Implement the workspace overload, or return {@code false} from
 * {@link #requiresWorkspace()} and implement the {@code (Run, EnvVars, TaskListener)} overload.
 */
public interface SimpleBuildStep extends BuildStep {
    /** @deprecated use {@link #perform(Run, FilePath, EnvVars, Launcher, TaskListener)} */
    @Deprecated
    default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull Launcher launcher,
            @NonNull TaskListener listener) throws InterruptedException, IOException {
        if (Util.isOverridden(SimpleBuildStep.class, getClass(), "perform",
                Run.class, FilePath.class, EnvVars.class, Launcher.class, TaskListener.class)) {
            perform(run, workspace, run.getEnvironment(listener), launcher, listener);
            return;
        }
        throw new AbstractMethodError(getClass().getName() + " implements no SimpleBuildStep.perform overload");
    }

    /** Runs the step in {@code workspace}; {@code env} is the build environment, with step-level overrides. */
    default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        if (Util.isOverridden(SimpleBuildStep.class, getClass(), "perform",
                Run.class, FilePath.class, Launcher.class, TaskListener.class)) {
            perform(run, workspace, launcher, listener);
            return;
        }
        if (Util.isOverridden(SimpleBuildStep.class, getClass(), "perform", Run.class, EnvVars.class, TaskListener.class)) {
            perform(run, env, listener);
            return;
        }
        throw new AbstractMethodError(getClass().getName() + " implements no SimpleBuildStep.perform overload");
    }

    /** Runs a step that {@linkplain #requiresWorkspace() needs no workspace}. */
    default void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        throw new AbstractMethodError("This build step needs a workspace: " + getClass().getName()
                + " must override requiresWorkspace() and perform(Run, EnvVars, TaskListener) to run without one");
    }

    /** Whether the step must run inside a workspace ({@code node} in Pipeline); {@code true} by default. */
    default boolean requiresWorkspace() {
        return true;
    }

    /**
     * An action of a build that contributes actions to its job's page while it is the job's last successful build
     * (Jenkins core's {@code LastBuildActionFactory} asks it; this is how junit's trend reaches Pipeline jobs).
     */
    interface LastBuildAction extends hudson.model.Action {
        java.util.Collection<? extends hudson.model.Action> getProjectActions();
    }
}

package hudson.tasks;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import java.io.IOException;

/**
 * Stand-in for {@code hudson.tasks.BuildStepMonitor}: how a step synchronizes with the previous build.
 * The stand-in simply runs the step.
 */
public enum BuildStepMonitor {
    NONE {
        @Override
        public boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
                throws IOException, InterruptedException {
            return bs.perform(build, launcher, listener);
        }
    },
    STEP {
        @Override
        public boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
                throws InterruptedException, IOException {
            return bs.perform(build, launcher, listener);
        }
    },
    BUILD {
        @Override
        public boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
                throws IOException, InterruptedException {
            return bs.perform(build, launcher, listener);
        }
    };

    public abstract boolean perform(BuildStep bs, AbstractBuild build, Launcher launcher, BuildListener listener)
            throws IOException, InterruptedException;
}

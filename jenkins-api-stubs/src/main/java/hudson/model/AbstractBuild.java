package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import java.io.IOException;
import java.util.Calendar;

/**
 * Stand-in for {@code hudson.model.AbstractBuild}: a run of an {@link AbstractProject}, with a workspace.
 */
public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {
    private transient volatile FilePath workspace;

    protected AbstractBuild(P job) throws IOException {
        super(job);
    }

    protected AbstractBuild(P job, Calendar timestamp) {
        super(job, timestamp);
    }

    public final P getProject() {
        return getParent();
    }

    public final @CheckForNull FilePath getWorkspace() {
        return workspace;
    }

    protected void setWorkspace(@NonNull FilePath ws) {
        this.workspace = ws;
    }

    public final FilePath getModuleRoot() {
        return getWorkspace();
    }

    @Override
    public @NonNull EnvVars getEnvironment(@NonNull TaskListener log) throws IOException, InterruptedException {
        EnvVars env = super.getEnvironment(log);
        FilePath ws = getWorkspace();
        if (ws != null) {
            env.put("WORKSPACE", ws.getRemote());
        }
        return env;
    }
}

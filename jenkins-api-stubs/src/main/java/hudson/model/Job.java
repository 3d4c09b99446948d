package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import jenkins.model.Jenkins;

/**
 * Stand-in for {@code hudson.model.Job}: an item that has runs. Runs register themselves here when constructed;
 * builds live under {@code getRootDir()/builds/<number>}. As in Jenkins, a job whose parent is {@code Jenkins}
 * itself must also implement {@link TopLevelItem}.
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint {
    private transient volatile int nextBuildNumber = 1;

    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }

    public synchronized int assignBuildNumber() throws IOException {
        return nextBuildNumber++;
    }

    public int getNextBuildNumber() {
        return nextBuildNumber;
    }

    public abstract boolean isBuildable();

    public boolean isBuilding() {
        RunT b = getLastBuild();
        return b != null && b.isBuilding();
    }

    public boolean isLogUpdated() {
        RunT b = getLastBuild();
        return b != null && b.isLogUpdated();
    }

    @Override
    public Collection<? extends Job> getAllJobs() {
        return Collections.singleton(this);
    }

    /** The runs, newest first (Jenkins keeps them in a {@code RunMap}); the concrete job type provides them. */
    protected abstract SortedMap<Integer, ? extends RunT> _getRuns();

    protected abstract void removeRun(RunT run);

    public RunT getBuildByNumber(int n) {
        return _getRuns().get(n);
    }

    public @CheckForNull RunT getLastBuild() {
        SortedMap<Integer, ? extends RunT> runs = _getRuns();
        return runs.isEmpty() ? null : runs.get(runs.firstKey());
    }

    /** The newest run that is not building any more. */
    public @CheckForNull RunT getLastCompletedBuild() {
        return newest(r -> true);
    }

    /** The newest completed run whose result is SUCCESS or UNSTABLE (as in Jenkins: "successful" includes UNSTABLE). */
    public @CheckForNull RunT getLastSuccessfulBuild() {
        return newest(r -> r.getResult() != null && r.getResult().isBetterOrEqualTo(Result.UNSTABLE));
    }

    /** The newest completed run whose result is SUCCESS. */
    public @CheckForNull RunT getLastStableBuild() {
        return newest(r -> r.getResult() != null && r.getResult().isBetterOrEqualTo(Result.SUCCESS));
    }

    private RunT newest(java.util.function.Predicate<RunT> accepts) {
        for (RunT r : _getRuns().values()) {
            if (!r.isBuilding() && accepts.test(r)) {
                return r;
            }
        }
        return null;
    }

    public File getBuildDir() {
        return new File(getRootDir(), "builds");
    }

    @Override
    public @NonNull ACL getACL() {
        return Jenkins.get().getAuthorizationStrategy().getACL(this);
    }
}

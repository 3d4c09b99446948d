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
import java.util.TreeMap;
import jenkins.model.Jenkins;

/**
 * Stand-in for {@code hudson.model.Job}: an item that has runs. Runs register themselves here when constructed;
 * builds live under {@code getRootDir()/builds/<number>}. As in Jenkins, a job whose parent is {@code Jenkins}
 * itself must also implement {@link TopLevelItem}.
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint {
    private transient volatile int nextBuildNumber = 1;
    private final transient TreeMap<Integer, RunT> runs = new TreeMap<>(Collections.reverseOrder());

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

    /** Called by the {@link Run} constructor. Not an API. */
    synchronized void onRunCreated(RunT run) {
        runs.put(run.getNumber(), run);
        if (run.getNumber() >= nextBuildNumber) {
            nextBuildNumber = run.getNumber() + 1;
        }
    }

    protected synchronized SortedMap<Integer, ? extends RunT> _getRuns() {
        return new TreeMap<>(runs);
    }

    protected synchronized void removeRun(RunT run) {
        runs.remove(run.getNumber());
    }

    public synchronized RunT getBuildByNumber(int n) {
        return runs.get(n);
    }

    public synchronized @CheckForNull RunT getLastBuild() {
        return runs.isEmpty() ? null : runs.firstEntry().getValue();
    }

    public File getBuildDir() {
        return new File(getRootDir(), "builds");
    }

    @Override
    public @NonNull ACL getACL() {
        return Jenkins.get().getAuthorizationStrategy().getACL(this);
    }
}

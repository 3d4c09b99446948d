package io.jenkins.plugins.testsupport;

import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.TopLevelItem;
import java.io.IOException;
import java.util.SortedMap;
import java.util.TreeMap;

/** A Pipeline-like job of the harness: its builds live under {@code jobs/<name>/builds/<n>} of the home. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TestJob extends Job<TestJob, TestBuild> implements TopLevelItem {
    private final TreeMap<Integer, TestBuild> builds = new TreeMap<>();
    private int next = 1;

    TestJob(ItemGroup<?> parent, String name) {
        super(parent, name);
    }

    @Override
    public boolean isBuildable() {
        return true;
    }

    /** A new build of this job, building until its steps end (or {@link TestBuild#finish}). */
    public TestBuild newBuild() throws IOException {
        return new TestBuild(this);
    }

    @Override
    public synchronized int assignBuildNumber() {
        return next++;
    }

    @Override
    public synchronized int getNextBuildNumber() {
        return next;
    }

    synchronized void register(TestBuild b) {
        builds.put(b.getNumber(), b);
        next = Math.max(next, b.getNumber() + 1);
    }

    @Override
    protected synchronized SortedMap<Integer, TestBuild> _getRuns() {
        TreeMap<Integer, TestBuild> newestFirst = new TreeMap<>(java.util.Collections.reverseOrder());
        newestFirst.putAll(builds);
        return newestFirst;
    }

    @Override
    protected synchronized void removeRun(TestBuild run) {
        builds.remove(run.getNumber());
    }

    @Override
    public synchronized TestBuild getBuildByNumber(int n) {
        return builds.get(n);
    }

    @Override
    public synchronized TestBuild getLastBuild() {
        return builds.isEmpty() ? null : builds.lastEntry().getValue();
    }
}

package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Calendar;
import java.util.GregorianCalendar;
import jenkins.model.ArtifactManager;
import jenkins.model.StandardArtifactManager;
import jenkins.util.io.OnMaster;

/**
 * Stand-in for {@code hudson.model.Run}: one execution of a {@link Job}.
 *
 * <p>A run made with {@link #Run(Job)} takes the job's next build number and registers with the job; it is
 * building until {@link #onEndBuilding()}. Its directory is {@code job.getBuildDir()/<number>} and
 * {@link #pickArtifactManager()} gives a {@link StandardArtifactManager} copying into {@link #getArtifactsDir()}.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, Comparable<RunT>, AccessControlled, PersistenceRoot, OnMaster {
    public static final hudson.security.PermissionGroup PERMISSIONS = new hudson.security.PermissionGroup(Run.class, null);

    /** Who may see a build's archived files; checked only when {@link hudson.Functions#isArtifactsPermissionEnabled()}. */
    public static final hudson.security.Permission ARTIFACTS = new hudson.security.Permission(PERMISSIONS, "Artifacts", null, null,
            hudson.Functions.isArtifactsPermissionEnabled(), new hudson.security.PermissionScope[] {hudson.security.PermissionScope.RUN});

    protected final transient @NonNull JobT project;

    public transient int number;

    protected volatile Result result;

    protected long timestamp;

    private long startTime;

    private volatile transient boolean building = true;

    private volatile ArtifactManager artifactManager;

    @SuppressWarnings("unchecked")
    protected Run(@NonNull JobT job) throws IOException {
        this(job, System.currentTimeMillis());
        this.number = project.assignBuildNumber();
    }

    protected Run(@NonNull JobT job, @NonNull Calendar timestamp) {
        this(job, timestamp.getTimeInMillis());
    }

    protected Run(@NonNull JobT job, long timestamp) {
        this.project = job;
        this.timestamp = timestamp;
        this.startTime = timestamp;
    }

    public @NonNull JobT getParent() {
        return project;
    }

    public int getNumber() {
        return number;
    }

    public @NonNull String getId() {
        return Integer.toString(number);
    }

    public @NonNull String getExternalizableId() {
        return project.getFullName() + "#" + getNumber();
    }

    @Override
    public @NonNull String getDisplayName() {
        return "#" + number;
    }

    public @NonNull String getFullDisplayName() {
        return project.getFullDisplayName() + ' ' + getDisplayName();
    }

    public @NonNull String getUrl() {
        return project.getUrl() + getNumber() + '/';
    }

    /** The run of the same job numbered just below this one, or null for the first. */
    public @CheckForNull RunT getPreviousBuild() {
        for (RunT r : project._getRuns().values()) { // newest first
            if (r.getNumber() < number) {
                return r;
            }
        }
        return null;
    }

    public @CheckForNull Result getResult() {
        return result;
    }

    /** As in Jenkins: the result can only get worse, and only while the run is building. */
    public void setResult(@NonNull Result r) {
        if (!building) {
            throw new IllegalStateException("cannot change build result of a completed build");
        }
        if (result == null || r.isWorseThan(result)) {
            result = r;
        }
    }

    public boolean isBuilding() {
        return building;
    }

    public boolean isLogUpdated() {
        return building;
    }

    /** Marks the run as completed (SUCCESS unless a worse result was set). */
    protected void onEndBuilding() {
        if (result == null) {
            result = Result.SUCCESS;
        }
        building = false;
    }

    public final @NonNull Charset getCharset() {
        return StandardCharsets.UTF_8;
    }

    public @NonNull Calendar getTimestamp() {
        GregorianCalendar c = new GregorianCalendar();
        c.setTimeInMillis(timestamp);
        return c;
    }

    public final long getTimeInMillis() {
        return timestamp;
    }

    public final long getStartTimeInMillis() {
        return startTime;
    }

    @Override
    public @NonNull File getRootDir() {
        return new File(project.getBuildDir(), getId());
    }

    public File getArtifactsDir() {
        return new File(getRootDir(), "archive");
    }

    public final @NonNull ArtifactManager getArtifactManager() {
        ArtifactManager am = artifactManager;
        return am != null ? am : new StandardArtifactManager(this);
    }

    /** The artifact manager to add artifacts with. */
    public final synchronized @NonNull ArtifactManager pickArtifactManager() throws IOException {
        if (artifactManager == null) {
            artifactManager = new StandardArtifactManager(this);
        }
        return artifactManager;
    }

    public @NonNull EnvVars getEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException {
        EnvVars env = new EnvVars();
        env.put("BUILD_NUMBER", getId());
        env.put("BUILD_ID", getId());
        env.put("BUILD_DISPLAY_NAME", getDisplayName());
        env.put("JOB_NAME", project.getFullName());
        env.put("JOB_BASE_NAME", project.getName());
        env.put("BUILD_TAG", "jenkins-" + project.getFullName().replace('/', '-') + "-" + number);
        return env;
    }

    @Deprecated
    public EnvVars getEnvironment() throws IOException, InterruptedException {
        return getEnvironment(TaskListener.NULL);
    }

    @Override
    public @NonNull ACL getACL() {
        return getParent().getACL();
    }

    @Override
    public synchronized void save() throws IOException {
        // the stand-in keeps runs in memory only
    }

    @Override
    public int compareTo(@NonNull RunT that) {
        return Integer.compare(this.number, that.number);
    }

    @Override
    public String toString() {
        return getFullDisplayName();
    }
}

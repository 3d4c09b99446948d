package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import jenkins.model.Jenkins;
import jenkins.model.Loadable;

/**
 * Stand-in for {@code hudson.model.AbstractItem}: the usual base of {@link Item}s. Its directory is
 * {@code parent.getRootDirFor(this)}; its ACL comes from the Jenkins authorization strategy.
 */
public abstract class AbstractItem extends Actionable implements Loadable, Item {
    private transient ItemGroup parent;
    protected String name;
    protected volatile String description;
    private volatile String displayName;

    protected AbstractItem(ItemGroup parent, String name) {
        this.parent = parent;
        this.name = name;
    }

    @Override
    public @NonNull String getName() {
        return name;
    }

    @Override
    public ItemGroup getParent() {
        return parent;
    }

    @Override
    public String getDisplayName() {
        return displayName != null ? displayName : getName();
    }

    public void setDisplayName(String displayName) throws IOException {
        this.displayName = displayName;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) throws IOException {
        this.description = description;
    }

    @Override
    public final String getFullName() {
        String n = getParent() == null ? "" : getParent().getFullName();
        return n == null || n.isEmpty() ? getName() : n + '/' + getName();
    }

    @Override
    public final String getFullDisplayName() {
        String n = getParent() == null ? "" : getParent().getFullDisplayName();
        return n == null || n.isEmpty() ? getDisplayName() : n + " » " + getDisplayName();
    }

    @Override
    public File getRootDir() {
        return getParent().getRootDirFor(this);
    }

    @Override
    public final String getUrl() {
        String prefix = getParent() == null ? "" : getParent().getUrl();
        String childPrefix = getParent() == null ? "job" : getParent().getUrlChildPrefix();
        return prefix + childPrefix + '/' + getName() + '/';
    }

    @Override
    public String getShortUrl() {
        String childPrefix = getParent() == null ? "job" : getParent().getUrlChildPrefix();
        return childPrefix + '/' + getName() + '/';
    }

    @Override
    public abstract Collection<? extends Job> getAllJobs();

    @Override
    public @NonNull ACL getACL() {
        return Jenkins.get().getAuthorizationStrategy().getACL(this);
    }

    @Override
    public void onCopiedFrom(Item src) {}

    @Override
    public synchronized void save() throws IOException {
        // the stand-in keeps items in memory only
    }

    @Override
    public void load() throws IOException {
        // the stand-in keeps items in memory only
    }

    @Override
    public void delete() throws IOException, InterruptedException {
        checkPermission(DELETE);
        getParent().onDeleted(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '[' + getFullName() + ']';
    }
}

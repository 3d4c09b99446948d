package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import java.io.IOException;
import java.util.Collection;
import jenkins.model.Jenkins;
import jenkins.util.io.OnMaster;

/**
 * Stand-in for {@code hudson.model.Item}: a job, folder or other configurable object in the item tree, and the
 * item permissions ({@link #CONFIGURE}, {@link #EXTENDED_READ}, ...).
 */
public interface Item extends PersistenceRoot, ModelObject, AccessControlled, OnMaster {
    ItemGroup<? extends Item> getParent();

    Collection<? extends Job> getAllJobs();

    String getName();

    String getFullName();

    @Override
    String getDisplayName();

    String getFullDisplayName();

    String getUrl();

    String getShortUrl();

    default @CheckForNull String getAbsoluteUrl() {
        String r = Jenkins.get().getRootUrl();
        if (r == null) {
            throw new IllegalStateException("Root URL isn't configured yet. Cannot compute absolute URL.");
        }
        return r + getUrl();
    }

    void onCopiedFrom(Item src);

    default void onCreatedFromScratch() {}

    @Override
    void save() throws IOException;

    void delete() throws IOException, InterruptedException;

    PermissionGroup PERMISSIONS = new PermissionGroup(Item.class, null);
    Permission CREATE = new Permission(PERMISSIONS, "Create", null, Permission.CREATE, PermissionScope.ITEM_GROUP);
    Permission DELETE = new Permission(PERMISSIONS, "Delete", null, Permission.DELETE, PermissionScope.ITEM);
    Permission CONFIGURE =
            new Permission(PERMISSIONS, "Configure", null, Permission.CONFIGURE, PermissionScope.ITEM);
    Permission READ = new Permission(PERMISSIONS, "Read", null, Permission.READ, PermissionScope.ITEM);
    Permission DISCOVER = new Permission(PERMISSIONS, "Discover", null, READ, PermissionScope.ITEM);
    Permission EXTENDED_READ = new Permission(
            PERMISSIONS, "ExtendedRead", null, CONFIGURE, false, new PermissionScope[] {PermissionScope.ITEM});
    Permission BUILD = new Permission(PERMISSIONS, "Build", null, Permission.UPDATE, PermissionScope.ITEM);
    Permission WORKSPACE = new Permission(PERMISSIONS, "Workspace", null, Permission.READ, PermissionScope.ITEM);
    Permission WIPEOUT =
            new Permission(PERMISSIONS, "WipeOut", null, null, false, new PermissionScope[] {PermissionScope.ITEM});
    Permission CANCEL = new Permission(PERMISSIONS, "Cancel", null, Permission.UPDATE, PermissionScope.ITEM);
}

package hudson.security;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Hudson;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jvnet.localizer.Localizable;

/**
 * Stand-in for {@code hudson.security.Permission}. Identity matters ({@code ==}); {@link #getId()} is
 * {@code <owner class name>.<name>} as in Jenkins, e.g. {@code hudson.model.Hudson.Administer}.
 */
public final class Permission {
    public static final Comparator<Permission> ID_COMPARATOR = Comparator.comparing(Permission::getId);

    public final @NonNull Class owner;

    public final @NonNull PermissionGroup group;

    public final @NonNull String name;

    public final @CheckForNull Localizable description;

    public final @CheckForNull Permission impliedBy;

    public boolean enabled;

    private final Set<PermissionScope> scopes;

    public Permission(
            @NonNull PermissionGroup group,
            @NonNull String name,
            @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy,
            boolean enable,
            @NonNull PermissionScope[] scopes) {
        this.owner = group.owner;
        this.group = group;
        this.name = name;
        this.description = description;
        this.impliedBy = impliedBy;
        this.enabled = enable;
        this.scopes = Set.of(scopes);
        group.add(this);
        ALL.add(this);
    }

    public Permission(
            @NonNull PermissionGroup group,
            @NonNull String name,
            @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy,
            @NonNull PermissionScope scope) {
        this(group, name, description, impliedBy, true, new PermissionScope[] {scope});
    }

    @Deprecated
    public Permission(
            @NonNull PermissionGroup group,
            @NonNull String name,
            @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy,
            boolean enable) {
        this(group, name, description, impliedBy, enable, new PermissionScope[] {PermissionScope.JENKINS});
    }

    @Deprecated
    public Permission(
            @NonNull PermissionGroup group,
            @NonNull String name,
            @CheckForNull Localizable description,
            @CheckForNull Permission impliedBy) {
        this(group, name, description, impliedBy, PermissionScope.JENKINS);
    }

    @Deprecated
    public Permission(@NonNull PermissionGroup group, @NonNull String name, @CheckForNull Permission impliedBy) {
        this(group, name, null, impliedBy);
    }

    public boolean isContainedBy(@NonNull PermissionScope s) {
        for (PermissionScope c : scopes) {
            if (c.isContainedBy(s)) {
                return true;
            }
        }
        return false;
    }

    public @NonNull String getId() {
        return owner.getName() + '.' + name;
    }

    public static @CheckForNull Permission fromId(@NonNull String id) {
        for (Permission p : ALL) {
            if (p.getId().equals(id)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Permission[" + owner + "," + name + "]";
    }

    public void setEnabled(boolean enable) {
        enabled = enable;
    }

    public boolean getEnabled() {
        return enabled;
    }

    public static @NonNull List<Permission> getAll() {
        return ALL_VIEW;
    }

    private static final List<Permission> ALL = new CopyOnWriteArrayList<>();
    private static final List<Permission> ALL_VIEW = Collections.unmodifiableList(ALL);

    public static final PermissionGroup HUDSON_PERMISSIONS = new PermissionGroup(Hudson.class, null);

    /** Overall/Administer; {@code Jenkins.ADMINISTER} is this object. */
    public static final Permission HUDSON_ADMINISTER = new Permission(HUDSON_PERMISSIONS, "Administer", null, null);

    public static final PermissionGroup GROUP = new PermissionGroup(Permission.class, null);

    @Deprecated
    public static final Permission FULL_CONTROL = new Permission(GROUP, "FullControl", null, HUDSON_ADMINISTER);

    public static final Permission READ = new Permission(GROUP, "GenericRead", null, HUDSON_ADMINISTER);

    public static final Permission WRITE = new Permission(GROUP, "GenericWrite", null, HUDSON_ADMINISTER);

    public static final Permission CREATE = new Permission(GROUP, "GenericCreate", null, WRITE);

    public static final Permission UPDATE = new Permission(GROUP, "GenericUpdate", null, WRITE);

    public static final Permission DELETE = new Permission(GROUP, "GenericDelete", null, WRITE);

    public static final Permission CONFIGURE = new Permission(GROUP, "GenericConfigure", null, UPDATE);
}

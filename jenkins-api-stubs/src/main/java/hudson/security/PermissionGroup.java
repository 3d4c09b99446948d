package hudson.security;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jvnet.localizer.Localizable;

/**
 * Stand-in for {@code hudson.security.PermissionGroup}: a named set of {@link Permission}s owned by a class.
 */
public final class PermissionGroup implements Iterable<Permission>, Comparable<PermissionGroup> {
    private static final Map<String, PermissionGroup> ALL = new ConcurrentHashMap<>();

    private final List<Permission> permissions = new ArrayList<>();
    private final String id;

    /** The class whose name identifies this group. */
    public final Class owner;

    /** Human readable title of the group. */
    public final Localizable title;

    public PermissionGroup(@NonNull Class owner, Localizable title) throws IllegalStateException {
        this(owner.getName(), owner, title);
    }

    public PermissionGroup(String id, @NonNull Class owner, Localizable title) throws IllegalStateException {
        this.id = id;
        this.owner = owner;
        this.title = title;
        ALL.putIfAbsent(id, this);
    }

    public String getId() {
        return id;
    }

    public String getOwnerClassName() {
        return owner.getName();
    }

    @Override
    public Iterator<Permission> iterator() {
        return getPermissions().iterator();
    }

    synchronized void add(Permission p) {
        permissions.add(p);
    }

    public synchronized List<Permission> getPermissions() {
        return new ArrayList<>(permissions);
    }

    public synchronized boolean hasPermissionContainedBy(PermissionScope scope) {
        for (Permission p : permissions) {
            if (p.isContainedBy(scope)) {
                return true;
            }
        }
        return false;
    }

    public synchronized Permission find(String name) {
        for (Permission p : permissions) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    public synchronized int size() {
        return permissions.size();
    }

    @Override
    public int compareTo(PermissionGroup that) {
        return id.compareTo(that.id);
    }

    @Override
    public String toString() {
        return "PermissionGroup[" + id + "]";
    }

    public static synchronized List<PermissionGroup> getAll() {
        List<PermissionGroup> r = new ArrayList<>(ALL.values());
        r.sort(null);
        return r;
    }

    public static synchronized @CheckForNull PermissionGroup get(Class owner) {
        return ALL.get(owner.getName());
    }
}

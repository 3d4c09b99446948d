package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.util.io.OnMaster;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Stand-in for {@code jenkins.model.Jenkins}: the root of the item tree, of the extensions and of permissions.
 *
 * <p>Stand-in behaviour: {@link #get()} always returns a running instance, created on first use, with a fresh
 * temporary {@link #getRootDir() root directory}, {@link AuthorizationStrategy#UNSECURED} and extensions found
 * through the SezPoz index (see {@link ExtensionList}). Tests change permissions through the real API:
 * {@code Jenkins.get().setAuthorizationStrategy(strategy)} whose {@code getRootACL()} is an
 * {@code ACL.lambda2((authentication, permission) -> ...)}, and run code as a user with {@code ACL.as2(auth)}.
 * The one stand-in-only method is {@link #resetForTests()}.
 */
public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled, ModelObject, OnMaster, Loadable {
    private static volatile Jenkins theInstance;

    private volatile AuthorizationStrategy authorizationStrategy = AuthorizationStrategy.UNSECURED;
    private volatile File root;
    private volatile String rootUrl;
    private final Map<Class<?>, ExtensionList<?>> extensionLists = new ConcurrentHashMap<>();
    private final List<TopLevelItem> items = new ArrayList<>();
    private volatile List<IndexItem<Extension, Object>> extensionIndex;
    private final ClassLoader classLoader;

    protected Jenkins() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        this.classLoader = cl != null ? cl : Jenkins.class.getClassLoader();
    }

    /** The running Jenkins; the stand-in creates one on first use. */
    public static @NonNull Jenkins get() throws IllegalStateException {
        Jenkins j = theInstance;
        if (j == null) {
            synchronized (Jenkins.class) {
                if (theInstance == null) {
                    theInstance = new Jenkins();
                }
                j = theInstance;
            }
        }
        return j;
    }

    /** Same as {@link #get()}: the stand-in Jenkins is always running. */
    public static @Nullable Jenkins getInstanceOrNull() {
        return get();
    }

    @Deprecated
    public static @NonNull Jenkins getInstance() {
        return get();
    }

    /**
     * STAND-IN ONLY (not in Jenkins; never call it from plugin code): discards the current instance, its
     * extensions, items and authorization strategy, and the calling thread's security context, so the next
     * {@link #get()} starts afresh. Call it between tests.
     */
    public static synchronized void resetForTests() {
        theInstance = null;
        SecurityContextHolder.clearContext();
    }

    /** The authentication of the current thread, {@link #ANONYMOUS2} when none was set. */
    public static @NonNull Authentication getAuthentication2() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null) {
            a = ANONYMOUS2;
        }
        return a;
    }

    // ---- extensions and descriptors

    /** The SezPoz index items of this instance, read once. Not an API. */
    public List<IndexItem<Extension, Object>> extensionIndex() {
        List<IndexItem<Extension, Object>> r = extensionIndex;
        if (r == null) {
            synchronized (this) {
                if (extensionIndex == null) {
                    List<IndexItem<Extension, Object>> items = new ArrayList<>();
                    for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, classLoader)) {
                        items.add(item);
                    }
                    extensionIndex = items;
                }
                r = extensionIndex;
            }
        }
        return r;
    }

    /** The class loader extensions are loaded with. Not an API. */
    public ClassLoader extensionClassLoader() {
        return classLoader;
    }

    @SuppressWarnings("unchecked")
    public @NonNull <T> ExtensionList<T> getExtensionList(@NonNull Class<T> extensionType) {
        return (ExtensionList<T>) extensionLists.computeIfAbsent(extensionType, t -> ExtensionList.create(this, t));
    }

    /** The descriptor of {@code type}, {@code null} if it has none registered. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public @CheckForNull Descriptor getDescriptor(Class<? extends Describable> type) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.clazz == type) {
                return d;
            }
        }
        return null;
    }

    @SuppressWarnings("rawtypes")
    public @CheckForNull Descriptor getDescriptor(String id) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.getId().equals(id)) {
                return d;
            }
        }
        return null;
    }

    @SuppressWarnings("rawtypes")
    public @NonNull Descriptor getDescriptorOrDie(Class<? extends Describable> type) {
        Descriptor d = getDescriptor(type);
        if (d == null) {
            throw new AssertionError(type + " is missing its descriptor");
        }
        return d;
    }

    @SuppressWarnings("rawtypes")
    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.getClass() == type) {
                return type.cast(d);
            }
        }
        return null;
    }

    // ---- security

    public static final PermissionGroup PERMISSIONS = Permission.HUDSON_PERMISSIONS;

    /** Overall/Administer. */
    public static final Permission ADMINISTER = Permission.HUDSON_ADMINISTER;

    /** Overall/Manage: parts of the system configuration, implied by {@link #ADMINISTER}. */
    public static final Permission MANAGE = new Permission(
            PERMISSIONS, "Manage", null, ADMINISTER, false, new PermissionScope[] {PermissionScope.JENKINS});

    /** Overall/SystemRead, implied by {@link #ADMINISTER}. */
    public static final Permission SYSTEM_READ = new Permission(
            PERMISSIONS, "SystemRead", null, ADMINISTER, false, new PermissionScope[] {PermissionScope.JENKINS});

    public static final Permission[] MANAGE_AND_SYSTEM_READ = new Permission[] {MANAGE, SYSTEM_READ};

    /** Overall/Read. */
    public static final Permission READ = new Permission(PERMISSIONS, "Read", null, Permission.READ, PermissionScope.JENKINS);

    /** The authentication of a user who did not log in. */
    public static final Authentication ANONYMOUS2 = new AnonymousAuthenticationToken(
            "anonymous", "anonymous", Set.of(new SimpleGrantedAuthority("anonymous")));

    @Override
    public @NonNull ACL getACL() {
        return authorizationStrategy.getRootACL();
    }

    public AuthorizationStrategy getAuthorizationStrategy() {
        return authorizationStrategy;
    }

    public void setAuthorizationStrategy(@NonNull AuthorizationStrategy a) {
        this.authorizationStrategy = a == null ? AuthorizationStrategy.UNSECURED : a;
    }

    public boolean isUseSecurity() {
        return authorizationStrategy != AuthorizationStrategy.UNSECURED;
    }

    // ---- items

    @Override
    public @NonNull File getRootDir() {
        File r = root;
        if (r == null) {
            synchronized (this) {
                if (root == null) {
                    try {
                        root = Files.createTempDirectory("jenkins-stand-in").toFile();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                r = root;
            }
        }
        return r;
    }

    @Override
    public File getRootDirFor(TopLevelItem child) {
        return new File(new File(getRootDir(), "jobs"), child.getName());
    }

    @Override
    public String getFullName() {
        return "";
    }

    @Override
    public String getFullDisplayName() {
        return "";
    }

    @Override
    public String getDisplayName() {
        return "Jenkins";
    }

    @Override
    public String getUrl() {
        return "";
    }

    @Override
    public String getUrlChildPrefix() {
        return "job";
    }

    /** The configured root URL; {@code null} until set (stand-in: set it with {@link #setRootUrl(String)}). */
    public @Nullable String getRootUrl() {
        return rootUrl;
    }

    /** Stand-in only: what {@code JenkinsLocationConfiguration.setUrl} does in Jenkins. */
    public void setRootUrl(@CheckForNull String url) {
        this.rootUrl = url == null || url.endsWith("/") ? url : url + "/";
    }

    @Override
    public synchronized Collection<TopLevelItem> getItems() {
        return new ArrayList<>(items);
    }

    @Override
    public synchronized TopLevelItem getItem(String name) {
        for (TopLevelItem i : items) {
            if (i.getName().equals(name)) {
                return i;
            }
        }
        return null;
    }

    public synchronized void putItem(TopLevelItem item) throws IOException, InterruptedException {
        items.removeIf(i -> i.getName().equals(item.getName()));
        items.add(item);
    }

    public @CheckForNull Item getItemByFullName(String fullName) {
        return getItemByFullName(fullName, Item.class);
    }

    public @CheckForNull <T extends Item> T getItemByFullName(@NonNull String fullName, Class<T> type) {
        TopLevelItem i = getItem(fullName);
        return type.isInstance(i) ? type.cast(i) : null;
    }

    @Override
    public synchronized void onDeleted(TopLevelItem item) throws IOException {
        items.remove(item);
    }

    public boolean isTerminating() {
        return false;
    }

    public boolean isQuietingDown() {
        return false;
    }

    @Override
    public synchronized void save() throws IOException {
        // the stand-in persists nothing
    }

    @Override
    public void load() throws IOException {
        // the stand-in persists nothing
    }
}

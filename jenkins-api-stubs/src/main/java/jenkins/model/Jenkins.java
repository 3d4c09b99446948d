package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.init.TermMilestone;
import hudson.init.Terminator;
import hudson.model.listeners.ItemListener;
import jakarta.servlet.ServletContext;
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
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.lang.reflect.Method;
import jenkins.util.Timer;
import jenkins.util.io.OnMaster;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.jvnet.hudson.reactor.ReactorException;
import org.springframework.security.access.AccessDeniedException;

/**
 * Stand-in for {@code jenkins.model.Jenkins}: the root of the item tree, of the extensions and of permissions.
 *
 * <p>Stand-in behaviour, as in Jenkins: an instance is made by a subclass ({@code Hudson}, as jenkins-test-harness
 * does) and is the singleton from its constructor on; {@link #get()} throws while there is none. {@link #cleanUp()}
 * shuts it down in Jenkins' order: every {@code ItemListener.onBeforeShutdown()}, then the {@code @Terminator}s in
 * milestone order ({@code requires}/{@code attains}, {@code after}/{@code before}), and only then
 * {@link #isTerminating()} becomes true; {@code jenkins.util.Timer} is shut down and the singleton cleared last.
 * Extensions come from the SezPoz index (see {@link ExtensionList}), one instance per Jenkins instance. Permissions
 * are changed through the real API: {@code setAuthorizationStrategy(strategy)} whose {@code getRootACL()} is an
 * {@code ACL.lambda2((authentication, permission) -> ...)}.
 */
public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled, ModelObject, OnMaster, Loadable {
    private static final Logger LOGGER = Logger.getLogger(Jenkins.class.getName());
    private static volatile Jenkins theInstance;

    private volatile AuthorizationStrategy authorizationStrategy = AuthorizationStrategy.UNSECURED;
    private final File root;
    private final Map<Class<?>, ExtensionList<?>> extensionLists = new ConcurrentHashMap<>();
    private final List<TopLevelItem> items = new ArrayList<>();
    private volatile boolean terminating;
    private boolean cleanUpStarted;

    protected Jenkins(File root, ServletContext context) throws IOException, InterruptedException, ReactorException {
        synchronized (Jenkins.class) {
            if (theInstance != null) {
                throw new IllegalStateException("second instance");
            }
            this.root = root;
            Files.createDirectories(root.toPath());
            theInstance = this;
        }
    }

    /** The running Jenkins; {@link IllegalStateException} when none is running (not started, or shut down). */
    public static @NonNull Jenkins get() throws IllegalStateException {
        Jenkins j = getInstanceOrNull();
        if (j == null) {
            throw new IllegalStateException("Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to see what you are doing wrong.");
        }
        return j;
    }

    /** The running Jenkins, {@code null} before it started or after it was shut down. */
    public static @CheckForNull Jenkins getInstanceOrNull() {
        return theInstance;
    }

    @Deprecated
    public static @Nullable Jenkins getInstance() {
        return getInstanceOrNull();
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
        return root;
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

    /** The configured root URL ({@link JenkinsLocationConfiguration}), with a final slash; {@code null} until set. */
    public @Nullable String getRootUrl() throws IllegalStateException {
        String url = JenkinsLocationConfiguration.get().getUrl();
        if (url == null || url.isEmpty()) {
            return null;
        }
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public synchronized Collection<TopLevelItem> getItems() {
        return new ArrayList<>(items);
    }

    @Override
    public synchronized TopLevelItem getItem(String name) throws AccessDeniedException {
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

    public @CheckForNull <T extends Item> T getItemByFullName(@NonNull String fullName, Class<T> type) throws AccessDeniedException {
        TopLevelItem i = getItem(fullName);
        return type.isInstance(i) ? type.cast(i) : null;
    }

    @Override
    public synchronized void onDeleted(TopLevelItem item) throws IOException {
        items.remove(item);
    }

    /** True once {@link #cleanUp()} has run every terminator; false while they run. */
    public boolean isTerminating() {
        return terminating;
    }

    /**
     * Shuts Jenkins down in Jenkins' order: {@code ItemListener.onBeforeShutdown()} of every listener, then the
     * {@code @Terminator}s in milestone order, then {@link #isTerminating()} becomes true, then {@code Timer}
     * stops; the singleton is cleared in every case. Failures are collected and thrown together at the end.
     */
    public void cleanUp() {
        if (theInstance != this && theInstance != null) {
            LOGGER.log(Level.WARNING, "This instance is no longer the singleton, ignoring cleanUp()");
            return;
        }
        synchronized (Jenkins.class) {
            if (cleanUpStarted) {
                LOGGER.log(Level.WARNING, "Jenkins.cleanUp() already started, ignoring repeated cleanUp()");
                return;
            }
            cleanUpStarted = true;
        }
        try {
            List<Throwable> errors = new ArrayList<>();
            for (ItemListener l : ItemListener.all()) {
                try {
                    l.onBeforeShutdown();
                } catch (OutOfMemoryError e) {
                    throw e;
                } catch (LinkageError e) {
                    LOGGER.log(Level.WARNING, "ItemListener " + l + ": " + e.getMessage(), e);
                } catch (Throwable e) {
                    LOGGER.log(Level.WARNING, "ItemListener " + l + ": " + e.getMessage(), e);
                    errors.add(e);
                }
            }
            runTerminators(errors);
            terminating = true;
            Timer.shutdown();
            if (!errors.isEmpty()) {
                RuntimeException x = new RuntimeException("Unexpected issues encountered during cleanUp: " + errors.get(0).getMessage(), errors.get(0));
                errors.stream().skip(1).forEach(x::addSuppressed);
                throw x;
            }
        } finally {
            theInstance = null;
        }
    }

    /**
     * Runs every {@code @Terminator} method listed in the annotation index, as Jenkins' reactor does: a terminator
     * runs once every milestone it requires ({@code after}, {@code requires}) is attained; a milestone is attained
     * once every terminator that attains it ({@code before}, {@code attains}) has run. Failures are logged, never
     * fatal.
     */
    private void runTerminators(List<Throwable> errors) {
        List<Method> tasks = new ArrayList<>();
        try {
            ClassLoader cl = Jenkins.class.getClassLoader();
            Set<String> classes = new java.util.TreeSet<>();
            for (java.net.URL u : java.util.Collections.list(cl.getResources("META-INF/services/annotations/" + Terminator.class.getName()))) {
                try (java.io.InputStream in = u.openStream()) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            classes.add(line.trim());
                        }
                    }
                }
            }
            for (String c : classes) {
                try {
                    for (Method m : Class.forName(c, false, cl).getDeclaredMethods()) {
                        if (m.isAnnotationPresent(Terminator.class)) {
                            tasks.add(m);
                        }
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    LOGGER.log(Level.WARNING, "Failed to load terminators of " + c, e);
                }
            }
        } catch (IOException e) {
            errors.add(e);
            return;
        }
        tasks.sort(java.util.Comparator.comparing(m -> m.getDeclaringClass().getName() + "." + m.getName()));
        Map<String, Integer> attainers = new java.util.HashMap<>();
        for (Method m : tasks) {
            for (String a : attainsOf(m)) {
                attainers.merge(a, 1, Integer::sum);
            }
        }
        Set<String> attained = new java.util.HashSet<>();
        attained.add(TermMilestone.STARTED.name());
        List<Method> pending = new ArrayList<>(tasks);
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (java.util.Iterator<Method> it = pending.iterator(); it.hasNext(); ) {
                Method m = it.next();
                boolean ready = true;
                for (String r : requiresOf(m)) {
                    ready &= attained.contains(r) || attainers.getOrDefault(r, 0) == 0 && !r.equals(TermMilestone.COMPLETED.name());
                }
                if (!ready) {
                    continue;
                }
                it.remove();
                progress = true;
                try {
                    // as Jenkins: no setAccessible, so a terminator in a class that is not public fails (and is logged)
                    m.invoke(null);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    LOGGER.log(Level.SEVERE, "Failed " + m, e.getCause());
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOGGER.log(Level.SEVERE, "Failed " + m, e);
                }
                for (String a : attainsOf(m)) {
                    if (attainers.merge(a, -1, Integer::sum) == 0) {
                        attained.add(a);
                    }
                }
            }
        }
        if (!pending.isEmpty()) {
            errors.add(new IllegalStateException("terminators whose milestones are never attained: " + pending));
        }
    }

    private static List<String> requiresOf(Method m) {
        Terminator t = m.getAnnotation(Terminator.class);
        List<String> r = new ArrayList<>(List.of(t.requires()));
        r.add(t.after().name());
        return r;
    }

    private static List<String> attainsOf(Method m) {
        Terminator t = m.getAnnotation(Terminator.class);
        List<String> r = new ArrayList<>(List.of(t.attains()));
        r.add(t.before().name());
        return r;
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

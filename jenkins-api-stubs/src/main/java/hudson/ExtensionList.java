package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.lang.annotation.ElementType;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.io.OnMaster;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;

/**
 * Stand-in for {@code hudson.ExtensionList}: all registered instances of an extension type.
 *
 * <p>As in Jenkins, the list is filled from the SezPoz index {@code META-INF/annotations/hudson.Extension}
 * (every {@code @Extension} on the class path: main and test classes), sorted by descending
 * {@link Extension#ordinal()}; each extension is instantiated once per {@link Jenkins} instance and shared by
 * all lists it belongs to. {@link #add(Object)} registers an extra instance by hand.
 */
public class ExtensionList<T> extends AbstractList<T> implements OnMaster {
    private static final Logger LOGGER = Logger.getLogger(ExtensionList.class.getName());

    public final @CheckForNull Jenkins jenkins;
    public final Class<T> extensionType;

    private volatile CopyOnWriteArrayList<T> extensions;
    private final List<T> legacyInstances = new CopyOnWriteArrayList<>();

    protected ExtensionList(Jenkins jenkins, Class<T> extensionType) {
        this.jenkins = jenkins;
        this.extensionType = extensionType;
    }

    public @CheckForNull <U extends T> U get(@NonNull Class<U> type) {
        for (T ext : this) {
            if (ext.getClass() == type) {
                return type.cast(ext);
            }
        }
        return null;
    }

    public @NonNull <U extends T> U getInstance(@NonNull Class<U> type) throws IllegalStateException {
        U u = get(type);
        if (u == null) {
            throw new IllegalStateException("The class " + type.getName() + " was not found, potentially not yet loaded");
        }
        return u;
    }

    @Override
    public @NonNull Iterator<T> iterator() {
        return ensureLoaded().iterator();
    }

    @Override
    public T get(int index) {
        return ensureLoaded().get(index);
    }

    @Override
    public int size() {
        return ensureLoaded().size();
    }

    public List<T> reverseView() {
        List<T> r = new ArrayList<>(ensureLoaded());
        java.util.Collections.reverse(r);
        return r;
    }

    @Override
    public boolean remove(Object o) {
        legacyInstances.remove(o);
        return ensureLoaded().remove(o);
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        legacyInstances.removeAll(c);
        return ensureLoaded().removeAll(c);
    }

    @Override
    public final synchronized T remove(int index) {
        T t = get(index);
        remove(t);
        return t;
    }

    /** Registers {@code t} by hand (Jenkins calls these "legacy instances"). */
    @Override
    public boolean add(T t) {
        List<T> loaded = ensureLoaded();
        legacyInstances.add(t);
        loaded.add(t);
        return true;
    }

    @Override
    public void add(int index, T element) {
        add(element);
    }

    public static <T> ExtensionList<T> create(Jenkins jenkins, Class<T> type) {
        return new ExtensionList<>(jenkins, type);
    }

    public static @NonNull <T> ExtensionList<T> lookup(Class<T> type) {
        return Jenkins.get().getExtensionList(type);
    }

    /** The only registered instance of {@code type}; {@link IllegalStateException} unless there is exactly one. */
    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        if (all.size() != 1) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got " + all.size());
        }
        return all.get(0);
    }

    public static @NonNull <U> U lookupFirst(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        if (all.isEmpty()) {
            throw new IllegalStateException("Found no instances of " + type.getName() + " registered (possibly due to plugin dependency issues)");
        }
        return all.get(0);
    }

    private List<T> ensureLoaded() {
        CopyOnWriteArrayList<T> r = extensions;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (extensions == null) {
                extensions = new CopyOnWriteArrayList<>(load());
            }
            return extensions;
        }
    }

    /** Instances of {@link #extensionType} found through the SezPoz index, best ordinal first. */
    protected List<T> load() {
        List<Ranked<T>> found = new ArrayList<>();
        Jenkins j = jenkins != null ? jenkins : Jenkins.get();
        ClassLoader loader = ExtensionList.class.getClassLoader();
        for (IndexItem<Extension, Object> item : indexOf(j)) {
            try {
                if (item.kind() == ElementType.TYPE) {
                    Class<?> c = Class.forName(item.className(), false, loader);
                    if (!extensionType.isAssignableFrom(c)) {
                        continue;
                    }
                }
                Object instance = item.instance();
                if (extensionType.isInstance(instance)) {
                    found.add(new Ranked<>(extensionType.cast(instance), item.annotation().ordinal(), item.className()));
                }
            } catch (Exception | LinkageError e) {
                LOGGER.log(item.annotation().optional() ? Level.FINE : Level.WARNING,
                        "Failed to load the extension " + item.className() + " for " + extensionType.getName(), e);
            }
        }
        found.sort((a, b) -> a.ordinal != b.ordinal ? Double.compare(b.ordinal, a.ordinal) : a.name.compareTo(b.name));
        List<T> r = new ArrayList<>();
        for (Ranked<T> x : found) {
            r.add(x.instance);
        }
        r.addAll(legacyInstances);
        return r;
    }

    /** The index items of each Jenkins instance: one item, so one extension instance, per class and instance. */
    private static final java.util.Map<Jenkins, List<IndexItem<Extension, Object>>> INDEX =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static List<IndexItem<Extension, Object>> indexOf(Jenkins j) {
        // Jenkins reads the index through the plugins' class loader; here the class path is one loader
        return INDEX.computeIfAbsent(j, k -> {
            List<IndexItem<Extension, Object>> items = new ArrayList<>();
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, ExtensionList.class.getClassLoader())) {
                items.add(item);
            }
            return items;
        });
    }

    private static final class Ranked<T> {
        final T instance;
        final double ordinal;
        final String name;

        Ranked(T instance, double ordinal, String name) {
            this.instance = instance;
            this.ordinal = ordinal;
            this.name = name;
        }
    }
}

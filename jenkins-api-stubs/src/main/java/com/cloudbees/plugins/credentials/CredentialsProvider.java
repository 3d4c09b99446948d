package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.builds.CredentialsParameterBinder;
import com.cloudbees.plugins.credentials.builds.CredentialsParameterBinding;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Stand-in for the credentials plugin's {@code CredentialsProvider}: where credentials are looked up.
 *
 * <p>Stand-in behaviour: the providers are {@link SystemCredentialsProvider.ProviderImpl} (its store is the
 * test registry, see {@link SystemCredentialsProvider}) plus any {@code CredentialsProvider} registered as an
 * extension, the Jenkins-level store last. {@link #findCredentialById(String, Class, Run, List)} resolves
 * credentials parameters of the build first and then looks in the build's job context as {@link ACL#SYSTEM2} (so
 * {@link CredentialsScope#SYSTEM} credentials are never found for a build); see {@link #trackedFor(Run)}.
 */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    public static final PermissionGroup GROUP = new PermissionGroup(CredentialsProvider.class, null);

    public static final Permission USE_OWN = new Permission(GROUP, "UseOwn", null, Permission.CONFIGURE,
            false, new PermissionScope[] {PermissionScope.ITEM});

    /** May use the credentials of the item (e.g. pick them in a job's configuration). */
    public static final Permission USE_ITEM = new Permission(GROUP, "UseItem", null, Permission.CONFIGURE,
            false, new PermissionScope[] {PermissionScope.ITEM});

    public static final Permission CREATE = new Permission(GROUP, "Create", null, Permission.CREATE, PermissionScope.ITEM);

    public static final Permission UPDATE = new Permission(GROUP, "Update", null, Permission.UPDATE, PermissionScope.ITEM);

    public static final Permission VIEW = new Permission(GROUP, "View", null, UPDATE, PermissionScope.ITEM);

    public static final Permission DELETE = new Permission(GROUP, "Delete", null, Permission.DELETE, PermissionScope.ITEM);

    public static final Permission MANAGE_DOMAINS = new Permission(GROUP, "ManageDomains", null, Permission.CONFIGURE,
            PermissionScope.ITEM);

    @SuppressWarnings("unchecked")
    public CredentialsProvider() {
        super(self());
    }

    @Override
    public Descriptor<CredentialsProvider> getDescriptor() {
        return this;
    }

    // ---- instance API, for providers

    /** Credentials of {@code type} visible to {@code authentication} in {@code itemGroup}; none by default. */
    public @NonNull <C extends Credentials> List<C> getCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @NonNull List<DomainRequirement> domainRequirements) {
        return new ArrayList<>();
    }

    /** Credentials of {@code type} visible to {@code authentication} in {@code item}; by default those of its parent. */
    public @NonNull <C extends Credentials> List<C> getCredentialsInItem(@NonNull Class<C> type, @NonNull Item item,
            @Nullable Authentication authentication, @NonNull List<DomainRequirement> domainRequirements) {
        return getCredentialsInItemGroup(type, item.getParent(), authentication, domainRequirements);
    }

    /** This provider's credentials with this id for {@code item}; by default the first of {@link #getCredentialsInItem}. */
    public @CheckForNull <C extends IdCredentials> C getCredentialByIdInItem(@NonNull String id, @NonNull Class<C> type,
            @NonNull Item item, @NonNull Authentication authentication, @NonNull List<DomainRequirement> domainRequirements) {
        return CredentialsMatchers.firstOrNull(getCredentialsInItem(type, item, authentication, domainRequirements),
                CredentialsMatchers.withId(id));
    }

    public final boolean isEnabled() {
        return true;
    }

    // ---- static API, for consumers

    public static ExtensionList<CredentialsProvider> all() {
        ExtensionList<CredentialsProvider> list = ExtensionList.lookup(CredentialsProvider.class);
        synchronized (list) {
            // the Jenkins-level store answers last: stores nearer to an item (folders) come first
            SystemCredentialsProvider.ProviderImpl system = list.get(SystemCredentialsProvider.ProviderImpl.class);
            if (system == null) {
                list.add(new SystemCredentialsProvider.ProviderImpl());
            } else if (list.get(list.size() - 1) != system) {
                list.remove(system);
                list.add(system);
            }
        }
        return list;
    }

    public static @NonNull <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication) {
        return lookupCredentialsInItemGroup(type, itemGroup, authentication, List.of());
    }

    public static @NonNull <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(type);
        ItemGroup group = itemGroup == null ? Jenkins.get() : itemGroup;
        Authentication auth = authentication == null ? ACL.SYSTEM2 : authentication;
        List<DomainRequirement> reqs = domainRequirements == null ? List.of() : domainRequirements;
        List<C> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (CredentialsProvider p : all()) {
            for (C c : p.getCredentialsInItemGroup(type, group, auth, reqs)) {
                if (!(c instanceof IdCredentials) || ids.add(((IdCredentials) c).getId())) {
                    result.add(c);
                }
            }
        }
        return result;
    }

    public static @NonNull <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication) {
        return lookupCredentialsInItem(type, item, authentication, List.of());
    }

    public static @NonNull <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(type);
        if (item == null) {
            return lookupCredentialsInItemGroup(type, Jenkins.get(), authentication, domainRequirements);
        }
        if (item instanceof ItemGroup) {
            return lookupCredentialsInItemGroup(type, (ItemGroup) item, authentication, domainRequirements);
        }
        Authentication auth = authentication == null ? ACL.SYSTEM2 : authentication;
        List<DomainRequirement> reqs = domainRequirements == null ? List.of() : domainRequirements;
        List<C> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (CredentialsProvider p : all()) {
            for (C c : p.getCredentialsInItem(type, item, auth, reqs)) {
                if (!(c instanceof IdCredentials) || ids.add(((IdCredentials) c).getId())) {
                    result.add(c);
                }
            }
        }
        return result;
    }

    /** Drop-down options (name, id) of the matching credentials; reads no secret. */
    public static @NonNull <C extends IdCredentials> ListBoxModel listCredentialsInItem(@NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) {
        return toOptions(lookupCredentialsInItem(type, item, authentication, domainRequirements), matcher);
    }

    public static @NonNull <C extends IdCredentials> ListBoxModel listCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) {
        return toOptions(lookupCredentialsInItemGroup(type, itemGroup, authentication, domainRequirements), matcher);
    }

    private static <C extends IdCredentials> ListBoxModel toOptions(List<C> credentials, @CheckForNull CredentialsMatcher matcher) {
        ListBoxModel r = new ListBoxModel();
        for (C c : credentials) {
            if (matcher == null || matcher.matches(c)) {
                r.add(CredentialsNameProvider.name(c), c.getId());
            }
        }
        r.sort((a, b) -> a.name.compareToIgnoreCase(b.name));
        return r;
    }

    public static @CheckForNull <C extends IdCredentials> C findCredentialById(@NonNull String id,
            @NonNull Class<C> type, @NonNull Run<?, ?> run) {
        return findCredentialById(id, type, run, List.of());
    }

    public static @CheckForNull <C extends IdCredentials> C findCredentialById(@NonNull String id,
            @NonNull Class<C> type, @NonNull Run<?, ?> run, DomainRequirement... domainRequirements) {
        return findCredentialById(id, type, run, Arrays.asList(domainRequirements));
    }

    /**
     * The credentials with this id and type usable by {@code run}, as the credentials plugin resolves them. First the
     * id is taken as the name of a credentials <em>parameter</em> of the build ({@code ${NAME}} explicitly, a bare
     * id too): when the build has such a parameter, its value is the id looked for, and the use is tracked. Then the
     * id is looked up in the run's job with {@link #findCredentialByIdInItem}: the stores nearest to the job (folder
     * stores) answer before the Jenkins-level one, so a folder credential with the same id shadows a global one.
     *
     * <p>Stand-in behaviour: the job runs as {@link ACL#SYSTEM2} (no QueueItemAuthenticator), and a parameter's
     * credentials are looked up as the job's, not first in the triggering user's own store (the stand-ins have no
     * users). Like the real method, a lookup that is not a parameter is not tracked.
     */
    public static @CheckForNull <C extends IdCredentials> C findCredentialById(@NonNull String id,
            @NonNull Class<C> type, @NonNull Run<?, ?> run, @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        Objects.requireNonNull(run);
        String key = id.trim();
        String parameterName = key.startsWith("${") && key.endsWith("}") ? key.substring(2, key.length() - 1) : key;
        CredentialsParameterBinding binding = CredentialsParameterBinder.getOrCreate(run).forParameterName(parameterName);
        boolean isParameter = binding != null;
        if (isParameter) {
            key = binding.getCredentialsId() == null ? "" : binding.getCredentialsId();
        }
        C found = findCredentialByIdInItem(key, type, run.getParent(), ACL.SYSTEM2, domainRequirements);
        if (isParameter && !binding.isDefaultValue() && run.isLogUpdated()) {
            track(run, found);
        }
        if (found != null) {
            Credentials forRun = found.forRun(run);
            if (type.isInstance(forRun)) {
                return type.cast(forRun);
            }
        }
        return found;
    }

    /**
     * The credentials with this id available to {@code authentication} for {@code item}: the first provider that has
     * one answers (providers in {@link #all()} order).
     */
    public static @CheckForNull <C extends IdCredentials> C findCredentialByIdInItem(@NonNull String id,
            @NonNull Class<C> type, @Nullable Item item, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        if (item == null || item instanceof ItemGroup) {
            List<C> all = lookupCredentialsInItemGroup(type, item == null ? Jenkins.get() : (ItemGroup) item, authentication,
                    domainRequirements);
            return CredentialsMatchers.firstOrNull(all, CredentialsMatchers.withId(id));
        }
        Authentication auth = authentication == null ? ACL.SYSTEM2 : authentication;
        List<DomainRequirement> reqs = domainRequirements == null ? List.of() : domainRequirements;
        for (CredentialsProvider p : all()) {
            C c = p.getCredentialByIdInItem(id, type, item, auth, reqs);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static final java.util.Map<Run<?, ?>, List<Credentials>> TRACKED =
            Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Records that {@code build} used {@code credentials} (Jenkins fingerprints them). */
    public static @CheckForNull <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        if (credentials != null) {
            TRACKED.computeIfAbsent(build, k -> new CopyOnWriteArrayList<>()).add(credentials);
        }
        return credentials;
    }

    /** Records that {@code item} uses {@code credentials}. */
    public static @CheckForNull <C extends Credentials> C track(@NonNull Item item, @CheckForNull C credentials) {
        return credentials;
    }

    /** STAND-IN ONLY (not in the credentials plugin): the credentials {@link #track(Run, Credentials)}ed for a run. */
    public static @NonNull List<Credentials> trackedFor(@NonNull Run<?, ?> build) {
        List<Credentials> r = TRACKED.get(build);
        return r == null ? List.of() : List.copyOf(r);
    }
}

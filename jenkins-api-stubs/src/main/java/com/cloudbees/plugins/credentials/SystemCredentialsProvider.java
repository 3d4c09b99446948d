package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.model.Describable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Saveable;
import hudson.security.ACL;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;

/**
 * Stand-in for the credentials plugin's {@code SystemCredentialsProvider}: the credentials of "Manage Jenkins >
 * Credentials > System > Global credentials". This is the test registry of the stand-ins, through the same API
 * that tests of real plugins use:
 * <pre>{@code SystemCredentialsProvider.getInstance().getCredentials().add(
 *         new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "obs", "OBS keys", "AK", "SK"));}</pre>
 * The store belongs to the current stand-in {@link Jenkins} (a fresh Jenkins has an empty one).
 *
 * <p>Lookups behave as in the credentials plugin: only {@link ACL#SYSTEM2} sees these credentials;
 * {@link CredentialsScope#SYSTEM} ones only in the context of Jenkins itself, never of an item or a build.
 */
public class SystemCredentialsProvider implements Describable<SystemCredentialsProvider>, Saveable {
    private final List<Credentials> credentials = new CopyOnWriteArrayList<>();

    public SystemCredentialsProvider() {}

    public static SystemCredentialsProvider getInstance() {
        ExtensionList<SystemCredentialsProvider> list = Jenkins.get().getExtensionList(SystemCredentialsProvider.class);
        synchronized (list) {
            if (list.isEmpty()) {
                list.add(new SystemCredentialsProvider());
            }
        }
        return list.get(0);
    }

    /** The credentials of the global domain; modifiable. */
    public List<Credentials> getCredentials() {
        return credentials;
    }

    @Override
    public void save() throws IOException {
        // the stand-in persists nothing
    }

    /** The {@link CredentialsProvider} that serves {@link SystemCredentialsProvider}'s store. */
    public static class ProviderImpl extends CredentialsProvider {
        @Override
        public @NonNull <C extends Credentials> List<C> getCredentialsInItemGroup(@NonNull Class<C> type,
                @Nullable ItemGroup itemGroup, @Nullable org.springframework.security.core.Authentication authentication,
                @NonNull List<DomainRequirement> domainRequirements) {
            if (!ACL.SYSTEM2.equals(authentication == null ? ACL.SYSTEM2 : authentication)) {
                return new ArrayList<>();
            }
            boolean root = itemGroup == null || itemGroup == Jenkins.get();
            return select(type, root);
        }

        @Override
        public @NonNull <C extends Credentials> List<C> getCredentialsInItem(@NonNull Class<C> type,
                @NonNull Item item, @Nullable org.springframework.security.core.Authentication authentication,
                @NonNull List<DomainRequirement> domainRequirements) {
            if (!ACL.SYSTEM2.equals(authentication == null ? ACL.SYSTEM2 : authentication)) {
                return new ArrayList<>();
            }
            return select(type, false);
        }

        private static <C extends Credentials> List<C> select(Class<C> type, boolean includeSystemScope) {
            List<C> r = new ArrayList<>();
            for (Credentials c : getInstance().getCredentials()) {
                if (type.isInstance(c) && (includeSystemScope || c.getScope() != CredentialsScope.SYSTEM)) {
                    r.add(type.cast(c));
                }
            }
            return r;
        }
    }
}

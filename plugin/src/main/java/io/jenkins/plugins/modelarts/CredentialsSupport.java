package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;

/** Credentials drop-downs (the credentials plugin's consumer guide) and lookups. */
final class CredentialsSupport {

    private CredentialsSupport() {
    }

    /**
     * The options of a credentials drop-down. Users who may not configure the context (Administer for the global
     * configuration; Item/ExtendedRead or Credentials/UseItem for an item) get only their current value, so ids
     * cannot be enumerated; others get the matching credentials, listed without reading any secret.
     */
    static ListBoxModel fill(@CheckForNull Item item, @CheckForNull String current, CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                result.includeCurrentValue(value);
                return result;
            }
            result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), matcher)
                    .includeCurrentValue(value);
            return result;
        }
        if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            result.includeCurrentValue(value);
            return result;
        }
        result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(), matcher)
                .includeCurrentValue(value);
        return result;
    }

    /**
     * The credentials {@code id} of the global configuration, used by {@code run}. An administrator chose the id, so it
     * is resolved where the administrator's choice was made, at Jenkins level as the system (system-scoped credentials,
     * the right scope for infrastructure secrets, included), and the use is tracked against the run. Never through
     * {@code CredentialsProvider.findCredentialById(id, type, run)}: that takes a bare id for a credentials parameter
     * of the build and looks in the job's folders first, so a job author could shadow the administrator's cluster or
     * object-store credentials with their own (a folder credential or a build parameter of the same id).
     */
    @CheckForNull
    static <C extends IdCredentials> C forBuild(String id, Class<C> type, Run<?, ?> run) {
        C found = forController(id, type);
        if (found != null) {
            CredentialsProvider.track(run, found);
        }
        return found;
    }

    /** The credentials {@code id} at Jenkins level, as the system (builds, the "test connection" buttons, cleanup). */
    @CheckForNull
    static <C extends IdCredentials> C forController(String id, Class<C> type) {
        List<C> all = CredentialsProvider.lookupCredentialsInItem(type, null, ACL.SYSTEM2, List.of());
        return CredentialsMatchers.firstOrNull(all, CredentialsMatchers.withId(id));
    }
}

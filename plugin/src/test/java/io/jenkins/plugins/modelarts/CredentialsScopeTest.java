package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.builds.CredentialsParameterBinder;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionList;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.Secret;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;

/**
 * The credentials ids of the global configuration are the administrator's choice: a job author cannot replace them
 * with credentials of their own, neither with a folder credential of the same id nor with a credentials parameter of
 * that name. {@code CredentialsProvider.findCredentialById} would let both win (the stand-in resolves parameters and
 * asks the stores nearest to the job first, as the credentials plugin does); the plugin resolves at Jenkins scope.
 */
class CredentialsScopeTest {

    static final String ADMIN_TOKEN = "admin-chosen-token";

    /** A folder's credentials store: what a job author with Credentials/Create on their folder can add. */
    static final class FolderStore extends CredentialsProvider {
        final List<Credentials> credentials = new ArrayList<>();

        @Override
        public <C extends Credentials> List<C> getCredentialsInItem(Class<C> type, Item item, Authentication authentication,
                List<DomainRequirement> domainRequirements) {
            List<C> r = new ArrayList<>();
            credentials.stream().filter(type::isInstance).map(type::cast).forEach(r::add);
            return r;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public <C extends Credentials> List<C> getCredentialsInItemGroup(Class<C> type, ItemGroup itemGroup,
                Authentication authentication, List<DomainRequirement> domainRequirements) {
            // the folder's own store: not visible at Jenkins level
            return itemGroup == null || itemGroup == Jenkins.get() ? new ArrayList<>() : getCredentialsInItem(type, null, authentication, domainRequirements);
        }
    }

    FolderStore folder;
    TestJenkins.FakeRun run;

    @BeforeEach
    void setUp() throws Exception {
        TestJenkins.addToken("k8s-token", ADMIN_TOKEN);
        folder = new FolderStore();
        ExtensionList.lookup(CredentialsProvider.class).add(folder);
        run = TestJenkins.run("shadowing");
    }

    @AfterEach
    void tearDown() {
        Jenkins.resetForTests();
    }

    private static String secretOf(StandardCredentials c) {
        return ((StringCredentials) c).getSecret().getPlainText();
    }

    @Test
    void aFolderCredentialWithTheSameIdDoesNotWin() {
        folder.credentials.add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "k8s-token", "mine", Secret.fromString("authors-token")));
        // what the plugin must not do: the run's lookup finds the folder's credential first
        assertThat(secretOf(CredentialsProvider.findCredentialById("k8s-token", StandardCredentials.class, run))).isEqualTo("authors-token");

        StandardCredentials c = CredentialsSupport.forBuild("k8s-token", StandardCredentials.class, run);

        assertThat(secretOf(c)).isEqualTo(ADMIN_TOKEN);
        assertThat(CredentialsProvider.trackedFor(run)).extracting(t -> ((IdCredentials) t).getId()).containsExactly("k8s-token");
        assertThat(((StringCredentials) CredentialsProvider.trackedFor(run).get(0)).getSecret().getPlainText()).isEqualTo(ADMIN_TOKEN);
    }

    @Test
    void aCredentialsParameterNamedLikeTheIdDoesNotWin() {
        folder.credentials.add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "authors-own", "mine", Secret.fromString("authors-token")));
        CredentialsParameterBinder.getOrCreate(run).bindCredentialsParameter("mallory",
                new CredentialsParameterValue("k8s-token", "authors-own", "a build parameter named like the admin's id"));
        assertThat(secretOf(CredentialsProvider.findCredentialById("k8s-token", StandardCredentials.class, run))).isEqualTo("authors-token");

        assertThat(secretOf(CredentialsSupport.forBuild("k8s-token", StandardCredentials.class, run))).isEqualTo(ADMIN_TOKEN);
    }

    @Test
    void systemScopedCredentialsAreFoundForABuild() {
        // System scope keeps them out of every job's reach, yet the global configuration may use them for its builds
        Jenkins.resetForTests();
        com.cloudbees.plugins.credentials.SystemCredentialsProvider.getInstance().getCredentials()
                .add(new StringCredentialsImpl(CredentialsScope.SYSTEM, "sys-token", "", Secret.fromString("sys")));
        assertThat(CredentialsProvider.findCredentialById("sys-token", StandardCredentials.class, run)).isNull();

        assertThat(secretOf(CredentialsSupport.forBuild("sys-token", StandardCredentials.class, run))).isEqualTo("sys");
        assertThat(CredentialsSupport.forBuild("no-such-id", StandardCredentials.class, run)).isNull();
    }
}

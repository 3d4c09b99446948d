package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.builds.CredentialsParameterBinder;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    @BeforeEach
    void register() throws Exception {
        List<com.cloudbees.plugins.credentials.Credentials> store = SystemCredentialsProvider.getInstance().getCredentials();
        store.add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "obs", "OBS keys", "AK", "SK"));
        store.add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "", Secret.fromString("t0k")));
        store.add(new StringCredentialsImpl(CredentialsScope.SYSTEM, "sys", "system only", Secret.fromString("s")));
    }

    @AfterEach
    void reset() {
        Jenkins.resetForTests();
    }

    @Test
    void findByIdInABuildSeesGlobalButNotSystemCredentials() throws Exception {
        Fixtures.FakeRun run = new Fixtures.FakeRun(Fixtures.job("train"));
        StandardUsernamePasswordCredentials obs = CredentialsProvider.findCredentialById(
                "obs", StandardUsernamePasswordCredentials.class, run, URIRequirementBuilder.fromUri("https://obs.example.com").build());
        assertThat(obs).isNotNull();
        assertThat(obs.getUsername()).isEqualTo("AK");
        assertThat(obs.getPassword().getPlainText()).isEqualTo("SK");
        assertThat(CredentialsProvider.findCredentialById("obs", StringCredentials.class, run)).isNull();
        // ${NAME} names a build parameter; without such a parameter there is no credential of that id
        assertThat(CredentialsProvider.findCredentialById("${token}", StringCredentials.class, run)).isNull();
        assertThat(CredentialsProvider.findCredentialById(" token ", StringCredentials.class, run).getSecret().getPlainText()).isEqualTo("t0k");
        assertThat(CredentialsProvider.findCredentialById("sys", StringCredentials.class, run)).isNull();
        assertThat(CredentialsProvider.trackedFor(run)).as("lookups that are not parameters are not tracked").isEmpty();
    }

    @Test
    void aCredentialsParameterOfTheBuildShadowsABareIdAndIsTracked() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials()
                .add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "mine", "", Secret.fromString("m1ne")));
        Fixtures.FakeRun run = new Fixtures.FakeRun(Fixtures.job("train"));
        CredentialsParameterBinder.getOrCreate(run).bindCredentialsParameter("alice", new CredentialsParameterValue("token", "mine", ""));

        assertThat(CredentialsProvider.findCredentialById("token", StringCredentials.class, run).getSecret().getPlainText()).isEqualTo("m1ne");
        assertThat(CredentialsProvider.findCredentialById("${token}", StringCredentials.class, run).getId()).isEqualTo("mine");
        assertThat(CredentialsProvider.trackedFor(run)).extracting(c -> ((StandardCredentials) c).getId()).containsOnly("mine");
        assertThat(CredentialsProvider.findCredentialByIdInItem("token", StringCredentials.class, null, ACL.SYSTEM2, null)
                .getSecret().getPlainText()).isEqualTo("t0k");
    }

    @Test
    void aStoreNearerToTheJobAnswersBeforeTheJenkinsLevelStore() throws Exception {
        Fixtures.FakeJob job = Fixtures.job("train");
        StringCredentialsImpl folders = new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "", Secret.fromString("folder"));
        CredentialsProvider.all(); // the Jenkins-level store is registered first; it must still answer last
        ExtensionList.lookup(CredentialsProvider.class).add(new CredentialsProvider() {
            @Override
            public <C extends com.cloudbees.plugins.credentials.Credentials> List<C> getCredentialsInItem(Class<C> type,
                    hudson.model.Item item, org.springframework.security.core.Authentication authentication,
                    List<com.cloudbees.plugins.credentials.domains.DomainRequirement> domainRequirements) {
                return type.isInstance(folders) ? List.of(type.cast(folders)) : List.of();
            }
        });
        Fixtures.FakeRun run = new Fixtures.FakeRun(job);

        assertThat(CredentialsProvider.findCredentialById("token", StringCredentials.class, run).getSecret().getPlainText()).isEqualTo("folder");
        assertThat(CredentialsProvider.lookupCredentialsInItem(StringCredentials.class, null, ACL.SYSTEM2))
                .filteredOn(c -> c.getId().equals("token")).extracting(c -> c.getSecret().getPlainText()).containsExactly("t0k");
    }

    @Test
    void lookupsFollowTheContextAndTheAuthentication() throws Exception {
        Fixtures.FakeJob job = Fixtures.job("train");
        assertThat(CredentialsProvider.lookupCredentialsInItem(StringCredentials.class, job, ACL.SYSTEM2))
                .extracting(StringCredentials::getId).containsExactly("token");
        assertThat(CredentialsProvider.lookupCredentialsInItem(StringCredentials.class, null, ACL.SYSTEM2))
                .extracting(StringCredentials::getId).containsExactlyInAnyOrder("token", "sys");
        assertThat(CredentialsProvider.lookupCredentialsInItem(StringCredentials.class, job, Jenkins.ANONYMOUS2)).isEmpty();
    }

    @Test
    void listBoxModelFollowsTheConsumerGuide() throws Exception {
        Fixtures.FakeJob job = Fixtures.job("train");
        ListBoxModel m = new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, job, StandardCredentials.class, List.of(), CredentialsMatchers.always())
                .includeCurrentValue("gone");
        assertThat(m).extracting(o -> o.value).containsExactly("", "gone", "obs", "token");
        assertThat(m).extracting(o -> o.name).doesNotContain("SK", "t0k");
        assertThat(m.get(2).name).isEqualTo("AK/****** (OBS keys)");

        ListBoxModel onlyCurrent = new StandardListBoxModel().includeCurrentValue("obs");
        assertThat(onlyCurrent).extracting(o -> o.value).containsExactly("obs");
    }
}

package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CredentialsTest {
    @BeforeEach
    void register() throws Exception {
        List<com.cloudbees.plugins.credentials.Credentials> store = SystemCredentialsProvider.getInstance().getCredentials();
        store.add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "obs", "OBS keys", "AK", "SK"));
        store.add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "", Secret.fromString("t0k")));
        store.add(new StringCredentialsImpl(CredentialsScope.SYSTEM, "sys", "system only", Secret.fromString("s")));
    }

    @RegisterExtension
    final RunningJenkins running = new RunningJenkins();

    @Test
    void findByIdInABuildSeesGlobalButNotSystemCredentials() throws Exception {
        Fixtures.FakeRun run = new Fixtures.FakeRun(Fixtures.job("train"));
        StandardUsernamePasswordCredentials obs = CredentialsProvider.findCredentialById(
                "obs", StandardUsernamePasswordCredentials.class, run, URIRequirementBuilder.fromUri("https://obs.example.com").build());
        assertThat(obs).isNotNull();
        assertThat(obs.getUsername()).isEqualTo("AK");
        assertThat(obs.getPassword().getPlainText()).isEqualTo("SK");
        assertThat(CredentialsProvider.findCredentialById("obs", StringCredentials.class, run)).isNull();
        assertThat(CredentialsProvider.findCredentialById("${token}", StringCredentials.class, run).getSecret().getPlainText()).isEqualTo("t0k");
        assertThat(CredentialsProvider.findCredentialById("sys", StringCredentials.class, run)).isNull();
        assertThat(tracked(run)).extracting(c -> ((StandardCredentials) c).getId()).containsExactly("obs", "token");
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

    /** What the stand-in recorded through {@code track} (a private record, as Jenkins keeps fingerprints). */
    @SuppressWarnings("unchecked")
    static List<com.cloudbees.plugins.credentials.Credentials> tracked(hudson.model.Run<?, ?> run) throws Exception {
        java.lang.reflect.Field f = CredentialsProvider.class.getDeclaredField("TRACKED");
        f.setAccessible(true);
        List<com.cloudbees.plugins.credentials.Credentials> r = ((java.util.Map<hudson.model.Run<?, ?>, List<com.cloudbees.plugins.credentials.Credentials>>) f.get(null)).get(run);
        return r == null ? List.of() : r;
    }
}

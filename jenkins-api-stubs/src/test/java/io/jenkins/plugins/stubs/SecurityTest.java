package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.security.AuthorizationStrategy;
import java.util.Collection;
import java.util.Set;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

class SecurityTest {
    private static final Authentication ALICE = new UsernamePasswordAuthenticationToken("alice", "pw", Set.of());

    @RegisterExtension
    final RunningJenkins running = new RunningJenkins();

    /** Alice may configure items but not administer; everybody else may only read. */
    private static void installStrategy() {
        Jenkins.get().setAuthorizationStrategy(new AuthorizationStrategy() {
            @Override
            public ACL getRootACL() {
                return ACL.lambda2((a, p) -> p == Jenkins.READ || p == Item.READ
                        || ("alice".equals(a.getName()) && p == Item.CONFIGURE));
            }

            @Override
            public Collection<String> getGroups() {
                return Set.of();
            }
        });
    }

    @Test
    void unsecuredAllowsEverything() {
        assertThat(Jenkins.getAuthentication2()).isEqualTo(Jenkins.ANONYMOUS2);
        assertThat(ACL.isAnonymous2(Jenkins.getAuthentication2())).isTrue();
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        assertThat(Jenkins.get().hasPermission(Jenkins.MANAGE)).isTrue();
    }

    @Test
    void fakeAuthorizationDeniesAndGrants() throws Exception {
        installStrategy();
        assertThat(Jenkins.get().hasPermission(Jenkins.ADMINISTER)).isFalse();
        assertThatThrownBy(() -> Jenkins.get().checkPermission(Jenkins.ADMINISTER))
                .isInstanceOf(AccessDeniedException.class)
                .isInstanceOfSatisfying(AccessDeniedException3.class, e -> assertThat(e.permission).isSameAs(Jenkins.ADMINISTER))
                .hasMessageContaining("anonymous");
        Fixtures.FakeJob job = Fixtures.job("p");
        assertThat(job.hasPermission(Item.CONFIGURE)).isFalse();
        try (ACLContext ignored = ACL.as2(ALICE)) {
            assertThat(Jenkins.getAuthentication2().getName()).isEqualTo("alice");
            assertThat(job.hasPermission(Item.CONFIGURE)).isTrue();
            assertThat(Jenkins.get().hasPermission(Jenkins.ADMINISTER)).isFalse();
        }
        assertThat(job.hasPermission(Item.CONFIGURE)).isFalse();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            assertThat(job.hasPermission(Item.CONFIGURE)).isTrue();
        }
        assertThat(job.hasPermission2(ACL.SYSTEM2, Jenkins.ADMINISTER)).isTrue();
        assertThat(job.hasPermission2(ALICE, Item.CONFIGURE)).isTrue();
    }

    @Test
    void permissionIdsAreThoseOfJenkins() {
        assertThat(Jenkins.ADMINISTER.getId()).isEqualTo("hudson.model.Hudson.Administer");
        assertThat(Item.CONFIGURE.getId()).isEqualTo("hudson.model.Item.Configure");
        assertThat(Jenkins.MANAGE.impliedBy).isSameAs(Jenkins.ADMINISTER);
        assertThat(Item.EXTENDED_READ.impliedBy).isSameAs(Item.CONFIGURE);
    }
}

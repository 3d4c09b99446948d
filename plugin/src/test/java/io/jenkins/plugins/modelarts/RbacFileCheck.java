package io.jenkins.plugins.modelarts;

import io.modelarts.train.testing.kube.RbacRules;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rbac.yaml} allows every request the plugin's tests sent to the test API server: the steps, the
 * heartbeat, the orphaned-Job cleanup and *Test connection*. The build runs it after the other tests (profile
 * {@code rbac-check} in the pom), because it reads what they recorded.
 */
class RbacFileCheck {

    @Test
    void rbacFileAllowsEveryRequestOfThePluginTests() throws Exception {
        RbacRules.checkRecordedRequests();
    }
}

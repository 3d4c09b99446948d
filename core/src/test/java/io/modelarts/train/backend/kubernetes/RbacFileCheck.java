package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.testing.kube.RbacRules;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rbac.yaml} grants exactly what the engine asks the API server for: every request the Kubernetes tests
 * sent (on both HTTP clients, recorded by the test API server) is allowed by it, and every grant in it was needed by
 * one of them. Not a test of its own: the build runs it after the other tests (profile {@code rbac-check} in the
 * pom), because it reads what they recorded.
 */
class RbacFileCheck {

    @Test
    void rbacFileGrantsExactlyTheRequestsOfTheKubernetesTests() throws Exception {
        RbacRules.checkRecordedRequests();
    }
}

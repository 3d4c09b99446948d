package io.modelarts.train.testing.kube;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How recorded requests map to RBAC permissions, and what the check reports. */
class RbacRulesTest {

    private static final String ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: r, namespace: ns}
            rules:
              - apiGroups: ["batch"]
                resources: ["jobs"]
                verbs: ["get", "list", "watch"]
            ---
            kind: RoleBinding
            metadata: {name: r, namespace: ns}
            roleRef: {kind: Role, name: r}
            """;

    @Test
    void requestsMapToVerbsResourcesAndSubresources() {
        assertThat(ApiPermission.of("GET\t/apis/batch/v1/namespaces/a/jobs?labelSelector=x")).containsExactly(
                new ApiPermission("batch", "jobs", "list", true));
        assertThat(ApiPermission.of("GET\t/apis/batch/v1/namespaces/a/jobs?labelSelector=x&watch=true")).containsExactly(
                new ApiPermission("batch", "jobs", "watch", true));
        assertThat(ApiPermission.of("GET\t/apis/batch/v1/namespaces/a/jobs/j")).containsExactly(new ApiPermission("batch", "jobs", "get", true));
        assertThat(ApiPermission.of("GET\t/api/v1/namespaces/a/pods/p/log?follow=true")).containsExactly(
                new ApiPermission("", "pods/log", "get", true));
        assertThat(ApiPermission.of("DELETE\t/api/v1/namespaces/a/pods?labelSelector=x")).containsExactly(
                new ApiPermission("", "pods", "deletecollection", true));
        assertThat(ApiPermission.of("DELETE\t/apis/batch/v1/namespaces/a/jobs/j")).containsExactly(new ApiPermission("batch", "jobs", "delete", true));
        assertThat(ApiPermission.of("PATCH\t/apis/batch/v1/namespaces/a/jobs/j")).containsExactly(new ApiPermission("batch", "jobs", "patch", true));
        assertThat(ApiPermission.of("PUT\t/apis/batch/v1/namespaces/a/jobs/j/status")).containsExactly(
                new ApiPermission("batch", "jobs/status", "update", true));
        assertThat(ApiPermission.of("GET\t/apis/kueue.x-k8s.io/v1beta1/workloadpriorityclasses/p2")).containsExactly(
                new ApiPermission("kueue.x-k8s.io", "workloadpriorityclasses", "get", false));
        assertThat(ApiPermission.of("GET\t/api/v1/namespaces/a")).containsExactly(new ApiPermission("", "namespaces", "get", false));
        assertThat(ApiPermission.of("GET\t/version")).isEmpty();
        assertThatThrownBy(() -> ApiPermission.of("GET\t/metrics")).hasMessageContaining("not a resource request: GET /metrics");
    }

    @Test
    void anOwnerReferenceThatBlocksDeletionNeedsDeleteAndTheOwnersFinalizers() {
        byte[] body = """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"s","ownerReferences":[
                {"apiVersion":"batch/v1","kind":"Job","name":"j","uid":"u","blockOwnerDeletion":true}]}}""".getBytes();
        assertThat(ApiRequestLog.blockingOwners(body)).containsExactly("batch/v1/Job");
        assertThat(ApiPermission.of("POST\t/api/v1/namespaces/a/services\tblockOwnerDeletion=batch/v1/Job")).containsExactly(
                new ApiPermission("", "services", "create", true), new ApiPermission("", "services", "delete", true),
                new ApiPermission("batch", "jobs/finalizers", "update", true));
    }

    @Test
    void aRequestNoRuleGrantsIsReportedWithTheRuleItNeeds() throws Exception {
        List<String> problems = RbacRules.parse(ROLE).check(List.of("GET\t/apis/batch/v1/namespaces/a/jobs", "GET\t/apis/batch/v1/namespaces/a/jobs?watch=true",
                "GET\t/apis/batch/v1/namespaces/a/jobs/j", "PATCH\t/apis/batch/v1/namespaces/a/jobs/j"), true);
        assertThat(problems).containsExactly("not allowed: 'patch jobs.batch' (e.g. PATCH /apis/batch/v1/namespaces/a/jobs/j) needs a rule with "
                + "apiGroups [\"batch\"], resources [\"jobs\"], verbs [\"patch\"] in a bound Role");
    }

    @Test
    void aGrantNoRequestNeedsIsReported() throws Exception {
        List<String> problems = RbacRules.parse(ROLE).check(List.of("GET\t/apis/batch/v1/namespaces/a/jobs"), true);
        assertThat(problems).containsExactly("unused: Role r grants 'get jobs.batch', which no request of the tests needed",
                "unused: Role r grants 'watch jobs.batch', which no request of the tests needed");
        assertThat(RbacRules.parse(ROLE).check(List.of("GET\t/apis/batch/v1/namespaces/a/jobs"), false)).isEmpty();
    }

    @Test
    void aClusterScopedRequestNeedsABoundClusterRoleAndWildcardsAreRefused() throws Exception {
        String yaml = ROLE + """
                ---
                kind: ClusterRole
                metadata: {name: c}
                rules: [{apiGroups: ["kueue.x-k8s.io"], resources: ["*"], verbs: ["get"]}]
                """;
        List<String> problems = RbacRules.parse(yaml).check(List.of("GET\t/apis/kueue.x-k8s.io/v1beta1/workloadpriorityclasses/p2"), false);
        assertThat(problems).contains("ClusterRole c is bound by no ClusterRoleBinding or RoleBinding",
                "ClusterRole c uses a wildcard (kueue.x-k8s.io/*/get): grant what the requests need, by name");
        assertThat(problems).anyMatch(p -> p.startsWith("not allowed: 'get workloadpriorityclasses.kueue.x-k8s.io (cluster-scoped)'"));
    }

    @Test
    void theRepositorysRbacFileIsWellFormed() throws Exception {
        // bound roles, no wildcards; whether it fits the requests is RbacFileCheck's job after the Kubernetes tests
        RbacRules rules = RbacRules.load(Path.of("../docs/rbac.yaml"));
        assertThat(rules.check(List.of(), false)).isEmpty();
    }
}

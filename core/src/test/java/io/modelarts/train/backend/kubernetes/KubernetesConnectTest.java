package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.testing.kube.TestHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection settings come from the kubeconfig, with a selectable context. No cluster is contacted. */
class KubernetesConnectTest {

    @Test
    void aKubeconfigContextCanBeChosen(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: a
                clusters:
                  - name: ca
                    cluster: {server: "http://a.example.com:8080"}
                  - name: cb
                    cluster: {server: "http://b.example.com:8080"}
                users:
                  - name: u
                    user: {token: not-a-real-token}
                contexts:
                  - name: a
                    context: {cluster: ca, user: u, namespace: team-a}
                  - name: b
                    context: {cluster: cb, user: u, namespace: team-b}
                """);
        String before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", kubeconfig.toString());
        io.fabric8.kubernetes.client.Config current = io.fabric8.kubernetes.client.Config.autoConfigure(null);
        assertThat(current.getMasterUrl()).contains("a.example.com");
        assertThat(current.getNamespace()).isEqualTo("team-a");
        try (KubernetesClient b = KubernetesBackend.createClient(TestHttpClient.underTest().factory(), "b")) {
            assertThat(b.getMasterUrl().getHost()).isEqualTo("b.example.com");
            assertThat(b.getNamespace()).isEqualTo("team-b");
            try (KubernetesBackend backend = new KubernetesBackend(b, KubeFixtures.catalog())) {
                assertThat(backend.name()).isEqualTo("kubernetes");
                // a plan whose pool names no namespace runs in the context's
                assertThat(backend.namespaceFor(KubeFixtures.plan(KubeFixtures.SINGLE, KubeFixtures.catalog(
                        KubeFixtures.CATALOG.replace("    namespace: ml-train\n", ""))))).isEqualTo("team-b");
                assertThat(backend.namespaceFor(KubeFixtures.plan(KubeFixtures.SINGLE))).isEqualTo("ml-train");
            }
        } finally {
            if (before == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", before);
            }
        }
    }
}

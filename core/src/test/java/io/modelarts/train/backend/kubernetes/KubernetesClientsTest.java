package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl;
import io.modelarts.train.testing.kube.KubeTestCluster;
import io.modelarts.train.testing.kube.TestHttpClient;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every client the engine builds shares one bounded callback pool, however many clients and watches there are; on the
 * command line's client (the JDK's) they share one bounded pool for the HTTP client's tasks too.
 */
class KubernetesClientsTest {

    @Test
    void clientsShareBoundedPools() throws Exception {
        try (KubeTestCluster cluster = KubeTestCluster.start()) {
            List<KubernetesClient> clients = new ArrayList<>();
            List<SharedIndexInformer<?>> informers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                KubernetesClient client = cluster.newClient();
                clients.add(client);
                for (int i = 0; i < 8; i++) {
                    SharedIndexInformer<?> inf = client.pods().inNamespace("ns-" + c + "-" + i).runnableInformer(0);
                    inf.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    informers.add(inf);
                }
            }
            cluster.apiClient().pods().inNamespace("ns-0-0").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName("p").endMetadata().build()).create();

            long callbacks = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("modelarts-kube-client-")).count();
            assertThat(callbacks).isBetween(1L, (long) KubernetesClients.CALLBACK_THREADS);
            if (TestHttpClient.underTest() == TestHttpClient.JDK) {
                // the command line's client: every client's asynchronous tasks on one bounded pool as well
                long http = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(JdkHttpClients.THREAD_PREFIX)).count();
                assertThat(http).isBetween(1L, (long) JdkHttpClients.THREADS);
            }
            assertThat(Thread.getAllStackTraces().keySet()).allSatisfy(t -> {
                if (t.getName().startsWith("modelarts-kube-client-")) {
                    assertThat(t.isDaemon()).isTrue();
                }
            });
            informers.forEach(SharedIndexInformer::stop);
        }
    }

    @Test
    void clientsRunOnTheHttpClientUnderTest() {
        try (KubeTestCluster cluster = KubeTestCluster.start()) {
            HttpClient http = cluster.newClient().adapt(BaseClient.class).getHttpClient();
            String expected = TestHttpClient.underTest() == TestHttpClient.OKHTTP ? "OkHttpClientImpl" : "JdkHttpClientImpl";
            assertThat(http.getClass().getSimpleName()).isEqualTo(expected);
        }
    }

    @Test
    void okHttpSocketsSendAtOnce() throws Exception {
        // without TCP_NODELAY a request body over OkHttp's 8 KiB buffer waited for the server's delayed ACK (+45 ms)
        try (KubernetesClient client = KubernetesClients.create(OkHttpClients.factory(), Config.empty());
             Socket socket = ((OkHttpClientImpl) client.adapt(BaseClient.class).getHttpClient()).getOkHttpClient().socketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }
}

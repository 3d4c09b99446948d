package io.jenkins.plugins.modelarts;

import hudson.Util;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelarts.train.backend.kubernetes.JdkHttpClients;

/**
 * Builds a fabric8 client for a configured cluster, on the JDK's {@code java.net.http} through fabric8's adapter (bundled
 * with the plugin), set up by {@link JdkHttpClients}: one selector thread and one shared pool of 4 task threads however
 * many logs are followed. OkHttp, the client Jenkins' kubernetes-client-api plugin ships, holds a thread per open
 * response (1,078 threads for 1,000 followed logs). No network I/O happens here.
 */
final class KubernetesClients {

    private KubernetesClients() {
    }

    static KubernetesClient create(KubernetesCluster cluster, ClusterAuth auth) {
        return io.modelarts.train.backend.kubernetes.KubernetesClients.create(JdkHttpClients.factory(), config(cluster, auth));
    }

    /** A kubeconfig's named context, read from the text (never written to disk). */
    @SuppressWarnings("removal") // fabric8 (7.3 as 8) has no other way to pick a context of kubeconfig text
    private static Config fromKubeconfig(String context, String kubeconfig) {
        return Config.fromKubeconfig(context, kubeconfig, null);
    }

    /**
     * The connection: the kubeconfig of the credentials (its {@code context}, else its current one), or the server
     * URL with a bearer token or a client certificate, or without credentials the controller's own kubeconfig or
     * service account. The server URL, namespace and server CA of the cluster entry override the kubeconfig's;
     * "skip TLS verify" applies to this connection only.
     */
    static Config config(KubernetesCluster cluster, ClusterAuth auth) {
        String context = Util.fixEmptyAndTrim(cluster.getContext());
        Config base;
        switch (auth.kind) {
            case KUBECONFIG:
                base = context == null ? Config.fromKubeconfig(auth.material) : fromKubeconfig(context, auth.material);
                break;
            case TOKEN:
                base = new ConfigBuilder(Config.empty()).withOauthToken(auth.material).build();
                break;
            case CERTIFICATE:
                base = new ConfigBuilder(Config.empty()).withClientCertData(ClientCertificates.base64(auth.certificate))
                        .withClientKeyData(ClientCertificates.base64(auth.material)).withClientKeyAlgo(auth.keyAlgorithm).build();
                break;
            default:
                base = Config.autoConfigure(context);
                break;
        }
        ConfigBuilder b = new ConfigBuilder(base);
        String server = Util.fixEmptyAndTrim(cluster.getServerUrl());
        if (server != null) {
            b.withMasterUrl(server);
        }
        String namespace = Util.fixEmptyAndTrim(cluster.getNamespace());
        if (namespace != null) {
            b.withNamespace(namespace);
        }
        String ca = Util.fixEmptyAndTrim(cluster.getServerCertificate());
        if (ca != null) {
            // the cluster's private CA, trusted for this connection only (fabric8 adds it to the JVM's trust store)
            b.withCaCertData(ClientCertificates.base64(ca)).withCaCertFile(null);
        }
        if (cluster.isSkipTlsVerify()) {
            b.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        return b.build();
    }
}

package io.modelarts.train.testing.kube;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.modelarts.train.backend.kubernetes.JdkHttpClients;
import io.modelarts.train.backend.kubernetes.OkHttpClients;

import java.util.Locale;

/**
 * The HTTP client that the code under test talks to Kubernetes with. The Kubernetes tests run once per client:
 * {@code -D}{@value #PROPERTY}{@code =okhttp} (the default here) or {@code jdk} (the one the Jenkins plugin and the
 * command line use); see the surefire executions in core's pom.
 */
public enum TestHttpClient {
    /** fabric8's OkHttp client, as Jenkins' kubernetes-client-api plugin ships it ({@link OkHttpClients}): the engine supports it. */
    OKHTTP,
    /** What the plugin and the command line use: fabric8's client on the JDK's {@code java.net.http} ({@link JdkHttpClients}). */
    JDK;

    public static final String PROPERTY = "modelarts.test.kubeHttpClient";

    /** The client chosen for this test run. */
    public static TestHttpClient underTest() {
        String v = System.getProperty(PROPERTY, "okhttp").trim();
        try {
            return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be okhttp or jdk, not '" + v + "'", e);
        }
    }

    /** The other client: the test kubelet's, so that its threads are told apart from those of the code under test. */
    public TestHttpClient other() {
        return this == OKHTTP ? JDK : OKHTTP;
    }

    /** The factory that the front end using this client passes to the engine. */
    public HttpClient.Factory factory() {
        return this == OKHTTP ? OkHttpClients.factory() : JdkHttpClients.factory();
    }
}

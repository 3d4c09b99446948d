package io.modelarts.train.testing.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A small Kubernetes API over TLS, for the connection's own checks: it answers {@code /version} and lists of Jobs
 * (always empty), with the certificate {@code context} gives it, and can demand a client certificate signed by its
 * trusted CA, as an API server with {@code --client-ca-file} does. It records each request with its
 * {@code Authorization} header and the client certificate's subject.
 */
public final class TlsApiServer implements AutoCloseable {

    /** One request: path and query, the Authorization header (null if none), the client certificate's subject (null if none). */
    public record Seen(String path, String authorization, String clientSubject) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-tls-api");
        t.setDaemon(true);
        return t;
    });
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public TlsApiServer(SSLContext context, boolean needClientCertificate) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                var p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(p);
            }
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code https://127.0.0.1:PORT}. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String subject = null;
            try {
                subject = ((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate
            }
            String q = ex.getRequestURI().getRawQuery();
            seen.add(new Seen(ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q), ex.getRequestHeaders().getFirst("Authorization"), subject));
            String path = ex.getRequestURI().getRawPath();
            String body;
            int code = 200;
            if (path.equals("/version")) {
                body = "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\"}";
            } else if (path.matches("/apis/batch/v1/namespaces/[^/]+/jobs")) {
                body = "{\"kind\":\"JobList\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}";
            } else {
                code = 404;
                body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(code, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

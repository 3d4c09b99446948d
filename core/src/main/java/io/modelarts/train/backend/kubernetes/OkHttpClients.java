package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import okhttp3.OkHttpClient;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * The Jenkins plugin's HTTP client for fabric8: OkHttp, as Jenkins' kubernetes-client-api plugin ships it, with
 * {@code TCP_NODELAY} on its sockets. Without it a request whose body spans more than one write (a rendered Job is
 * larger than OkHttp's 8 KiB buffer) waits for the server's delayed acknowledgement: every such create took about
 * 45 ms longer on loopback (50 ms instead of 3 to 5 ms, measured with the mock API server).
 *
 * <p>Not a dependency this engine passes on (Maven scope {@code provided}): in Jenkins the classes come from
 * kubernetes-client-api and okhttp-api. The command line uses {@link JdkHttpClients} and never loads this class.
 */
public final class OkHttpClients {

    private OkHttpClients() {
    }

    /** A factory of OkHttp clients whose sockets send at once. */
    public static HttpClient.Factory factory() {
        return new OkHttpClientFactory() {
            @Override
            protected void additionalConfig(OkHttpClient.Builder builder) {
                builder.socketFactory(new NoDelaySockets(SocketFactory.getDefault()));
            }
        };
    }

    /** Plain sockets with {@code TCP_NODELAY}; TLS is layered on them by OkHttp as on any socket. */
    private static final class NoDelaySockets extends SocketFactory {
        private final SocketFactory plain;

        NoDelaySockets(SocketFactory plain) {
            this.plain = plain;
        }

        private static Socket noDelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }
    }
}

package io.modelarts.train.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP proxy on 127.0.0.1 that answers {@code CONNECT host:port} by tunnelling bytes both ways, and records
 * every request line it got, so a test can tell that (and where) a client went through it. Anything but CONNECT is
 * answered 405 and recorded too.
 */
public final class TestHttpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public TestHttpProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "test-http-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} to configure a client with. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The request lines seen, e.g. {@code CONNECT 127.0.0.1:4567 HTTP/1.1}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "test-http-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String line = head.lines().findFirst().orElse("");
            requests.add(line);
            String[] parts = line.split(" ");
            OutputStream out = client.getOutputStream();
            if (parts.length < 2 || !parts[0].equals("CONNECT")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.close();
                return;
            }
            int colon = parts[1].lastIndexOf(':');
            Socket target = new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)));
            open.add(target);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread up = new Thread(() -> pump(in, target), "test-http-proxy-up");
            up.setDaemon(true);
            up.start();
            pump(target.getInputStream(), client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the request head ended");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void pump(InputStream from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = from.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the tunnel is gone either way
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TestHttpProxy::closeQuietly);
    }
}

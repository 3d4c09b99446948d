package io.modelarts.train.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A plain-HTTP reverse proxy on 127.0.0.1 in front of an {@link S3TestServer}: it forwards every request unchanged
 * (the Host header too, so signatures still match), records what it got, and on demand answers object GETs with an
 * error instead, flips a byte of their bodies or sends their bodies slowly. It sees what goes on the wire whatever
 * client sent it, where an SDK interceptor sees only the SDK's requests.
 */
public final class S3Front implements AutoCloseable {

    /** One request as received; header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Failure(int status, String code) {
    }

    private final URI upstream;
    private final ServerSocket server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean corrupt;
    private final ConcurrentLinkedQueue<Integer> cuts = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch slowStarted;

    public S3Front(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "s3-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> gets() {
        return requests.stream().filter(r -> r.method().equals("GET") && !r.path().contains("?")).toList();
    }

    public void clear() {
        requests.clear();
    }

    /** The next {@code times} object GETs are answered {@code status} with an S3 error document of {@code code}. */
    public void failNextGets(int times, int status, String code) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, code));
        }
    }

    /**
     * The next {@code times} successful object GETs send their full headers but only the first {@code bytes} bytes of
     * the body, then close the connection (a connection broken mid-body).
     */
    public void cutNextBodies(int times, int bytes) {
        for (int i = 0; i < times; i++) {
            cuts.add(bytes);
        }
    }

    /** Flip one byte in the middle of every successful object GET's body. */
    public void corruptBodies(boolean on) {
        corrupt = on;
    }

    /** Send object bodies in small pieces with a pause between them; {@code started} opens at the first piece. Null: at full speed. */
    public void slowBodies(CountDownLatch started) {
        slowStarted = started;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "s3-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Requests of one client connection, one after the other (HTTP/1.1 keep-alive). */
    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                List<String> lines = head.lines().filter(l -> !l.isEmpty()).toList();
                String[] requestLine = lines.get(0).split(" ");
                Map<String, String> headers = headersOf(lines);
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                Request request = new Request(requestLine[0], requestLine[1], headers);
                requests.add(request);
                boolean objectGet = request.method().equals("GET") && !request.path().contains("?");
                Failure failure = objectGet ? failures.poll() : null;
                if (failure != null) {
                    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + failure.code() + "</Code><Message>"
                            + failure.code() + " from the test front</Message></Error>";
                    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 " + failure.status() + " Test\r\nContent-Type: application/xml\r\nContent-Length: "
                            + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                    continue;
                }
                if (!forward(lines, body, request, objectGet, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Sends the request upstream on a connection of its own and copies the answer back; false: close the client. */
    private boolean forward(List<String> lines, byte[] body, Request request, boolean objectGet, OutputStream out) throws IOException {
        try (Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
            OutputStream upOut = up.getOutputStream();
            StringBuilder head = new StringBuilder(lines.get(0)).append("\r\n");
            for (String line : lines.subList(1, lines.size())) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    head.append(line).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            upOut.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            upOut.write(body);
            upOut.flush();

            InputStream upIn = up.getInputStream();
            String responseHead = readHead(upIn);
            if (responseHead == null) {
                return false;
            }
            List<String> responseLines = responseHead.lines().filter(l -> !l.isEmpty()).toList();
            int status = Integer.parseInt(responseLines.get(0).split(" ")[1]);
            Map<String, String> responseHeaders = headersOf(responseLines);
            String length = responseHeaders.get("content-length");
            boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304;
            byte[] responseBody = noBody ? new byte[0] : length != null ? upIn.readNBytes(Integer.parseInt(length)) : upIn.readAllBytes();
            boolean keepAlive = noBody || length != null;
            StringBuilder back = new StringBuilder(responseLines.get(0)).append("\r\n");
            for (String line : responseLines.subList(1, responseLines.size())) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    back.append(line).append("\r\n");
                }
            }
            back.append(keepAlive ? "" : "Connection: close\r\n").append("\r\n");
            out.write(back.toString().getBytes(StandardCharsets.US_ASCII));
            boolean success = status / 100 == 2;
            if (objectGet && success && corrupt && length != null && responseBody.length > 0) {
                responseBody[responseBody.length / 2] ^= 0x5a;
            }
            Integer cut = objectGet && success ? cuts.poll() : null;
            if (cut != null) {
                out.write(responseBody, 0, Math.min(cut, responseBody.length));
                out.flush();
                return false;
            }
            CountDownLatch slow = slowStarted;
            if (objectGet && success && slow != null) {
                for (int at = 0; at < responseBody.length; at += 16 * 1024) {
                    out.write(responseBody, at, Math.min(16 * 1024, responseBody.length - at));
                    out.flush();
                    slow.countDown();
                    pause();
                }
            } else {
                out.write(responseBody);
            }
            out.flush();
            return keepAlive;
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Map<String, String> headersOf(List<String> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** The head up to the blank line, or null when the connection ended before a new one began. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the connection ended inside a message head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        List<Socket> sockets = new ArrayList<>(open);
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

package io.modelarts.train.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private certificate authority for TLS tests, made with the JDK's {@code keytool} (real processes, as an
 * administrator would): the CA, a server certificate for {@code localhost} / {@code 127.0.0.1} and a client
 * certificate ({@code CN=modelarts-client}), each in a PKCS#12 key store with the password {@link #PASSWORD}. Made
 * once per JVM ({@link #get()}) in a temporary folder.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";
    public static final String CLIENT_CN = "modelarts-client";

    private static TestPki instance;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("modelarts-test-pki");
                dir.toFile().deleteOnExit();
                TestPki pki = new TestPki(dir);
                pki.make();
                instance = pki;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private void make() throws IOException {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=modelarts-test-ca",
                "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        issue("server", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth");
        issue("client", "CN=" + CLIENT_CN, null, "eku=clientAuth");
    }

    /** A key pair in {@code <name>.p12}, its certificate signed by the CA, with the CA in the chain. */
    private void issue(String name, String dname, String san, String eku) throws IOException {
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "3", "-keystore", store);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr",
                "-outfile", name + ".pem", "-rfc", "-validity", "3", "-ext", eku));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
    }

    private void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (" + p.exitValue() + "): " + cmd + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** The CA's certificate, PEM. */
    public String caPem() {
        return read("ca.pem");
    }

    public Path caPemFile() {
        return dir.resolve("ca.pem");
    }

    /** The server's key store (key, certificate for localhost and 127.0.0.1, and the CA). */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** The client's key store (key, certificate {@code CN=modelarts-client}, and the CA). */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    public KeyStore load(Path p12) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + p12, e);
        }
    }

    /** A server's TLS context: the server key store, and the CA as the only trusted issuer of client certificates. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(serverKeyStore()), PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", load(serverKeyStore()).getCertificate("ca"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the server's TLS context", e);
        }
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

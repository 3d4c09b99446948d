package io.modelarts.train.bench;

import io.modelarts.train.testing.S3TestServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code aws} command (awscli), installed with apt-get when missing. */
final class AwsCli {

    private AwsCli() {
    }

    static String find() throws Exception {
        if (works("aws")) {
            return "aws (" + version() + ")";
        }
        Bench.log("aws not found: trying apt-get install -y awscli");
        new ProcessBuilder("sh", "-c", "(apt-get update -q && apt-get install -y -q awscli) || "
                + "(sudo -n apt-get update -q && sudo -n apt-get install -y -q awscli)").inheritIO().start().waitFor();
        if (!works("aws")) {
            throw new IllegalStateException("the aws command is missing and could not be installed (apt-get install awscli)");
        }
        return "aws (" + version() + ")";
    }

    private static boolean works(String cmd) {
        try {
            Process p = new ProcessBuilder(cmd, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String version() throws Exception {
        Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return v.split(" ")[0];
    }

    /** Seconds to start {@code aws --version} and see it exit: the interpreter start-up that every sync pays too. */
    static double startup() throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return (System.nanoTime() - t) / 1e9;
    }

    static void sync(String aws, S3TestServer s3, Path config, String from, Path to) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("aws", "s3", "sync", from, to.toString(), "--only-show-errors",
                "--endpoint-url", s3.endpoint().toString()));
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        env.put("AWS_DEFAULT_REGION", s3.region());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", config.getParent().resolve("no-credentials").toString());
        pb.inheritIO();
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IOException("aws s3 sync exited with " + rc);
        }
    }
}

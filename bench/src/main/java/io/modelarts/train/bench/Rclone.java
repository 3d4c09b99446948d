package io.modelarts.train.bench;

import io.modelarts.train.testing.S3TestServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code rclone} command (Debian's package, the one the training pods use), configured entirely from environment
 * variables against the in-process S3 server, path-style, as the pods configure it against OBS.
 */
final class Rclone {

    /** The remote's name in the environment ({@code RCLONE_CONFIG_BENCH_*}). */
    static final String REMOTE = "bench";

    /** rclone's debug line after a transfer whose hashes matched: {@code <file>: md5 = <hex> OK}. */
    private static final Pattern VERIFIED = Pattern.compile(": md5 = [0-9a-f]{32} OK$", Pattern.MULTILINE);

    private Rclone() {
    }

    /** The version line, or an exception saying how to install it. */
    static String find() throws Exception {
        try {
            Process p = new ProcessBuilder("rclone", "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return out.lines().findFirst().orElse("rclone").trim();
            }
        } catch (IOException e) {
            // not installed: said below
        }
        throw new IllegalStateException("the rclone command is missing (apt-get install rclone)");
    }

    /** Seconds to start {@code rclone version} and see it exit: the process start-up that every copy pays too. */
    static double startup() throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder("rclone", "version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return (System.nanoTime() - t) / 1e9;
    }

    /**
     * {@code rclone copy bench:<from> <to>} with {@code transfers} files in flight, logging at debug level into
     * {@code log}; returns how many files rclone reported as checked by MD5 after their transfer.
     */
    static int copy(S3TestServer s3, String from, Path to, int transfers, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("rclone", "copy", REMOTE + ":" + from, to.toString(),
                "--transfers", Integer.toString(transfers), "--checkers", Integer.toString(transfers),
                "-vv", "--log-file", log.toString(), "--stats", "0"));
        Map<String, String> env = pb.environment();
        // the S3 backend would read AWS_* variables too (a CA bundle it cannot load on plain HTTP, other credentials)
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        String p = "RCLONE_CONFIG_" + REMOTE.toUpperCase(java.util.Locale.ROOT) + "_";
        env.put("RCLONE_CONFIG", "/dev/null"); // every setting from the environment, as in the pods
        env.put(p + "TYPE", "s3");
        env.put(p + "PROVIDER", "Other");
        env.put(p + "ENDPOINT", s3.endpoint().toString());
        env.put(p + "REGION", s3.region());
        env.put(p + "FORCE_PATH_STYLE", "true");
        env.put(p + "ACCESS_KEY_ID", s3.accessKey());
        env.put(p + "SECRET_ACCESS_KEY", s3.secretKey());
        Files.deleteIfExists(log);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IOException("rclone copy exited with " + rc + "; its log: " + tail(log));
        }
        Matcher m = VERIFIED.matcher(Files.readString(log, StandardCharsets.UTF_8));
        int verified = 0;
        while (m.find()) {
            verified++;
        }
        return verified;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}

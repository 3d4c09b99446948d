package io.modelarts.train.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium (Debian package {@code chromium}) for pages the project writes: the DOM after loading,
 * the console messages it logged, a screenshot. Missing, the tests that need it are skipped on a developer's
 * machine and fail under {@code CI=true} ({@code .ci/run} installs it).
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    /** What loading a page gave. */
    record Page(String dom, List<String> console, String stderr) {
    }

    private Chromium() {
    }

    static void require() {
        boolean present = Files.isExecutable(BINARY);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("chromium is not installed, and CI must run the browser tests").isTrue();
        }
        assumeTrue(present, "chromium is not installed (apt-get install -y chromium)");
    }

    /** Loads {@code file} with scripts as they are, returns the DOM and every console line Chromium logged. */
    static Page load(Path file, Path profile) throws IOException, InterruptedException {
        return load(file.toUri(), profile);
    }

    /** Loads {@code page} (a file or an http URL), returns the DOM and every console line Chromium logged. */
    static Page load(java.net.URI page, Path profile) throws IOException, InterruptedException {
        Result r = run(profile, "--enable-logging=stderr", "--v=0", "--dump-dom", page.toString());
        List<String> console = new ArrayList<>();
        for (String line : r.stderr.split("\n")) {
            if (line.contains("CONSOLE") || line.contains(":INFO:CONSOLE") || line.contains("Uncaught")) {
                console.add(line);
            }
        }
        return new Page(r.stdout, console, r.stderr);
    }

    /** A PNG of {@code file} at {@code width} x {@code height}. */
    static void screenshot(Path file, Path png, int width, int height, Path profile) throws IOException, InterruptedException {
        run(profile, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars", file.toUri().toString());
        assertThat(png).exists();
    }

    private record Result(String stdout, String stderr) {
    }

    private static Result run(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 90 s: " + Files.readString(err));
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}

package io.modelarts.train.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends every request that the code under test sends to the test API server (and to its log server) to the file
 * named by the system property {@value #PROPERTY}, one line per request, so that a check after the tests can compare
 * what the code really asked for with the RBAC rules we publish ({@link RbacRules}). Without the property nothing is
 * written (benchmarks, single tests run from an IDE).
 *
 * <p>A line is {@code METHOD<TAB>path?query}, plus, for a body that sets an owner reference with
 * {@code blockOwnerDeletion}, a third field {@code blockOwnerDeletion=<apiVersion>/<kind>,...}: the API server's
 * {@code OwnerReferencesPermissionEnforcement} admission asks for more permissions then, which the request line
 * alone does not show.
 *
 * <p>The file is emptied when a JVM first writes to it: each surefire execution runs in one JVM of its own and
 * writes its own file.
 */
public final class ApiRequestLog {

    public static final String PROPERTY = "modelarts.test.apiRequestLog";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Writer writer;
    private static boolean opened;

    private ApiRequestLog() {
    }

    /** Records one request; {@code body} may be null (GET, DELETE, or a body that is not JSON). */
    public static void record(String method, String pathAndQuery, byte[] body) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        StringBuilder line = new StringBuilder(method).append('\t').append(pathAndQuery);
        List<String> owners = blockingOwners(body);
        if (!owners.isEmpty()) {
            line.append("\tblockOwnerDeletion=").append(String.join(",", owners));
        }
        append(Path.of(file), line.append('\n').toString());
    }

    /** {@code apiVersion/kind} of each owner reference with {@code blockOwnerDeletion: true} in a JSON body. */
    static List<String> blockingOwners(byte[] body) {
        List<String> out = new ArrayList<>();
        if (body == null || body.length == 0 || body[0] != '{') {
            return out;
        }
        try {
            JsonNode refs = JSON.readTree(body).path("metadata").path("ownerReferences");
            for (JsonNode r : refs) {
                if (r.path("blockOwnerDeletion").asBoolean(false)) {
                    out.add(r.path("apiVersion").asText() + "/" + r.path("kind").asText());
                }
            }
        } catch (IOException e) {
            // not a JSON object (a patch, a log): no owner reference to check
        }
        return out;
    }

    private static synchronized void append(Path file, String line) {
        try {
            if (!opened) {
                opened = true;
                Files.createDirectories(file.toAbsolutePath().getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            }
            writer.write(line);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the API request in " + file, e);
        }
    }
}

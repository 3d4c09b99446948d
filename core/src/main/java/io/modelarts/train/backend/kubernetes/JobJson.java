package io.modelarts.train.backend.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Job's JSON written from two parts: its spec, serialised once, and the rest (kind and metadata). A first attempt's
 * spec hash digests the Job without its namespace and hash, and its create sends it with both: the spec, the bulk of
 * the JSON (pod template, containers, scripts), is the same in both, so serialising it once halves the work of a
 * submission's two serialisations. The bytes are those of serialising the whole Job: Jackson writes a Job's properties in
 * the order apiVersion, kind, metadata, spec, status, and a rendered Job has no status and no extra properties
 * ({@link #composable}); {@code JobJsonTest} holds the two equal.
 */
final class JobJson {

    private static final byte[] SPEC_FIELD = ",\"spec\":".getBytes(StandardCharsets.US_ASCII);

    private JobJson() {
    }

    /** Whether {@code job}'s JSON is its kind and metadata followed by its spec: true of every Job the renderer makes. */
    static boolean composable(Job job) {
        return job.getSpec() != null && job.getStatus() == null
                && (job.getAdditionalProperties() == null || job.getAdditionalProperties().isEmpty());
    }

    /** The JSON of {@code job}'s spec. */
    static byte[] spec(ObjectMapper mapper, Job job) {
        try {
            return mapper.writeValueAsBytes(job.getSpec());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the rendered Job cannot be serialised", e);
        }
    }

    /** The JSON of {@code job} ({@link #composable}) whose spec serialises to {@code specJson}. */
    static byte[] write(ObjectMapper mapper, Job job, byte[] specJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(specJson.length + 2048);
        write(mapper, out, job, specJson);
        return out.toByteArray();
    }

    /** Writes the JSON of {@code job} ({@link #composable}) whose spec serialises to {@code specJson} to {@code out}. */
    static void write(ObjectMapper mapper, OutputStream out, Job job, byte[] specJson) {
        // the Job without its spec: {"apiVersion":...,"kind":...,"metadata":{...}}; the spec goes before its closing brace
        Job shell = new Job(job.getApiVersion(), job.getKind(), job.getMetadata(), null, null);
        try {
            byte[] head = mapper.writeValueAsBytes(shell);
            out.write(head, 0, head.length - 1);
            out.write(SPEC_FIELD);
            out.write(specJson);
            out.write('}');
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered Job cannot be serialised", e);
        }
    }
}

package io.modelarts.train.backend.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.List;

/**
 * The spec hash every object of a job carries ({@link KubernetesNames#SPEC_HASH_ANNOTATION}): a digest of what attempt 1
 * creates, so that submitting the same job again attaches to it and a different job under the same name is told apart.
 * It is taken from the objects as rendered, before the hash and the creator's labels are stamped on them (a controller
 * whose labels changed still attaches to what it submitted), and without their namespace (it says what the job does,
 * not where). The renderer's maps are sorted and the model's properties have a fixed order, so a digest is the same in
 * every JVM.
 */
final class SpecHashes {

    /** Configured by fabric8 as its own serialisation is (same modules, same property order): the JSON of {@code asJson}. */
    static final ObjectMapper MAPPER = configured(new ObjectMapper());
    private static final int LENGTH = 16;

    private SpecHashes() {
    }

    private static ObjectMapper configured(ObjectMapper mapper) {
        new KubernetesSerialization(mapper, true); // configures the mapper it is given
        return mapper;
    }

    /** A first attempt's spec hash, and its Job's spec as JSON (null if not {@link JobJson#composable}) for its create. */
    record Hashed(String hash, byte[] jobSpecJson) {
    }

    /**
     * The digest of the objects' JSON, the form a create sends: one serialisation of the rendering submit() sends,
     * written straight into the digest (the same bytes as {@code asJson(o)} in UTF-8, each object followed by a newline).
     */
    static String of(List<HasMetadata> objects) {
        return hashed(objects).hash();
    }

    /** As {@link #of}, keeping the Job's spec JSON, which its create sends again (see {@link JobJson}). */
    static Hashed hashed(List<HasMetadata> objects) {
        MessageDigest digest = KubernetesNames.sha256();
        // Jackson closes the stream after each value: a stream whose close does nothing, feeding the digest
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        };
        byte[] jobSpecJson = null;
        for (HasMetadata o : objects) {
            ObjectMeta meta = o.getMetadata();
            String namespace = meta.getNamespace();
            meta.setNamespace(null);
            try {
                if (jobSpecJson == null && o instanceof Job job && JobJson.composable(job)) {
                    jobSpecJson = JobJson.spec(MAPPER, job);
                    JobJson.write(MAPPER, out, job, jobSpecJson);
                } else {
                    MAPPER.writeValue(out, o);
                }
            } catch (IOException e) {
                // nothing here does I/O: only a model that cannot be serialised gets here, and then no create could be sent either
                throw new UncheckedIOException("the rendered objects cannot be serialised", e);
            } finally {
                meta.setNamespace(namespace);
            }
            digest.update((byte) '\n');
        }
        return new Hashed(KubernetesNames.hex(digest.digest(), LENGTH), jobSpecJson);
    }

    /**
     * The digest earlier versions stamped: of the objects' YAML, rendered without a namespace. Jobs they submitted
     * carry it; it is computed only when an existing Job's hash differs from {@link #of}, as it costs a second rendering
     * and its YAML.
     */
    static String legacyOf(List<HasMetadata> objectsWithoutNamespace) {
        return KubernetesNames.hexDigest(KubernetesRenderer.toYaml(objectsWithoutNamespace), LENGTH);
    }
}
